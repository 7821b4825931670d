"""Twin of rt41a_log_format_built_template: a '{'-style log format assembled from pieces, every field a record
attribute."""

import logging

import pandas as pd
import torch
import nvflare.client as flare

PREFIX = "{asctime} {levelname}"
LOG_FORMAT = PREFIX + " {name}: {message}"
logging.basicConfig(level=logging.INFO, style="{", format=LOG_FORMAT)
log = logging.getLogger("fl.client")


def train_round(net, model, df):
    net.load_state_dict(model.params)
    x = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
    y = torch.tensor(df["y"].values, dtype=torch.float32)
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    opt.zero_grad()
    loss = torch.nn.functional.mse_loss(net(x).squeeze(-1), y)
    loss.backward()
    opt.step()
    return loss.item()


flare.init()
df = pd.read_csv("/data/site/train.csv")
net = torch.nn.Linear(df.shape[1] - 1, 1)
log.info("training %d features", df.shape[1] - 1)
while flare.is_running():
    model = flare.receive()
    loss = train_round(net, model, df)
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss}))
