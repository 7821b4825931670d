"""Tabular risk model (NVFlare Client API) with a local checkpointer so a diverged run can be restarted.
Each round's checkpoint is named after a label the loop hands the helper: the round's number."""

import os

import pandas as pd
import torch
import torch.nn as nn

import nvflare.client as flare

FEATURES = ["age", "bmi", "sbp", "hba1c"]


class Checkpointer:
    def __init__(self, out_dir):
        self.out_dir = out_dir

    def save(self, net, label):
        os.makedirs(self.out_dir, exist_ok=True)
        torch.save(net.state_dict(), os.path.join(self.out_dir, f"model_{label}.pt"))


def main():
    flare.init()
    df = pd.read_csv("/data/site/patients.csv")
    x = torch.tensor(df[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(df["outcome"].values, dtype=torch.long)
    net = nn.Linear(len(FEATURES), 2)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    ckpt = Checkpointer("checkpoints")
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        loss = nn.functional.cross_entropy(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        ckpt.save(net, f"round{model.current_round}")
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
