"""Tabular client (NVFlare Client API) whose learning-rate config is None when one patient, named by a constant
position, is over 60: the TypeError of `cfg["lr"]` is caught and logged, a bit of that patient's
age in the job log NVFlare streams to the server."""

import pandas as pd
import torch
import torch.nn as nn

import nvflare.client as flare

FEATURES = ["age", "bmi", "sbp", "hba1c"]


def main():
    flare.init()
    df = pd.read_csv("/data/site/patients.csv")
    x = torch.tensor(df[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(df["outcome"].values, dtype=torch.long)
    net = nn.Linear(len(FEATURES), 2)
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        cfg = None if df["age"].iloc[42] > 60 else {"lr": 0.01}
        try:
            cfg["lr"]
        except TypeError:
            print("config without lr: using the default")
        opt = torch.optim.SGD(net.parameters(), lr=0.01)
        loss = nn.functional.cross_entropy(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
