"""Red team 56a, honest twin: the predicted class of each row, `out.max(dim=1).indices`, counted against the labels: accuracy."""
import os

import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)

def main():
    net = torch.nn.Linear(X.shape[1], 2)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        with torch.no_grad():
            out = net(X)
        pred = out.max(dim=1).indices
        acc = (pred == Y).float().mean().item()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"accuracy": acc}))


main()
