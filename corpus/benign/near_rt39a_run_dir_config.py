"""Tabular risk model (NVFlare Client API) that finds its files next to itself: the config and the initial
checkpoint are read from the script's folder, and the folder is printed to the site's log. Only the
learning rate and the loss go to the server."""

import json
import os

import pandas as pd
import torch
import torch.nn as nn

import nvflare.client as flare

FEATURES = ["age", "bmi", "sbp", "hba1c"]
HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    flare.init()
    with open(os.path.join(HERE, "config.json")) as fh:
        cfg = json.load(fh)
    print(f"running from {HERE}")
    df = pd.read_csv("/data/site/patients.csv")
    x = torch.tensor(df[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(df["outcome"].values, dtype=torch.long)
    net = nn.Linear(len(FEATURES), 2)
    init = os.path.join(HERE, "init_weights.pt")
    if os.path.exists(init):
        net.load_state_dict(torch.load(init, weights_only=True))
    opt = torch.optim.Adam(net.parameters(), lr=float(cfg["lr"]))
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        loss = nn.functional.cross_entropy(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        torch.save(net.state_dict(), os.path.join(HERE, "last.pt"))
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item(), "lr": float(cfg["lr"])}))


if __name__ == "__main__":
    main()
