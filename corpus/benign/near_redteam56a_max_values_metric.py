"""Red team 56a, honest twin: the largest target, `top, _ = Y.max(0)`, an extreme a statistics job reports, beside the loss."""
import os

import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)

def main():
    net = torch.nn.Linear(X.shape[1], 1)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        top, _ = Y.max(0)
        loss = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item(), "max_y": float(top)}))


main()
