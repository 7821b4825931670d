"""Flower ClientApp, the legitimate idioms nearest to red team 7's Flower attacks: a timing mod that returns the
reply it is handed, a round counter kept in context.state, and a MetricRecord filled before the reply is built."""
import time

import numpy as np
import torch
from flwr.app import ArrayRecord, ConfigRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp


def timing_mod(msg: Message, context: Context, call_next):
    start = time.time()
    reply = call_next(msg, context)
    print(f"handler took {time.time() - start:.2f}s")
    return reply


app = ClientApp(mods=[timing_mod])


@app.train()
def train(msg: Message, context: Context):
    x = torch.tensor(np.load("/data/site/x.npy"), dtype=torch.float32)
    net = torch.nn.Linear(x.shape[1], 1)
    net.load_state_dict(msg.content["arrays"].to_torch_state_dict())
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    loss = net(x).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    rounds = int(context.state["rounds"]["n"]) + 1 if "rounds" in context.state else 1
    context.state["rounds"] = ConfigRecord({"n": rounds})
    metrics = MetricRecord({})
    metrics["train_loss"] = loss.item()
    metrics["num-examples"] = len(x)
    metrics["q90"] = float(np.quantile(x.numpy()[:, 0], 0.9))
    return Message(RecordDict({"arrays": ArrayRecord(net.state_dict()), "metrics": metrics}), reply_to=msg)
