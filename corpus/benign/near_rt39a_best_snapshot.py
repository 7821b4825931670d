"""Tabular risk model (NVFlare Client API) that keeps a snapshot of the model whenever its validation loss
improves: whether the file is written is decided by a reduction of the loss, which the metrics carry anyway."""

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
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    best = float("inf")
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        loss = nn.functional.cross_entropy(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            val = nn.functional.cross_entropy(net(x), y).item()
        if val < best:
            best = val
            torch.save(net.state_dict(), f"best_round_{model.current_round}.pt")
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"val_loss": val}))


if __name__ == "__main__":
    main()
