import argparse
import json

import pandas as pd
import torch
import nvflare.client as flare

from fl_utils import *
from net import Net


def load_site_data(path="/data/site/train.csv"):
    df = pd.read_csv(path)
    X = torch.tensor(df.drop(columns=["label"]).values, dtype=torch.float32)
    y = torch.tensor(df["label"].values, dtype=torch.long)
    return X, y


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=1)
    args = parser.parse_args()
    flare.init()
    X, y = load_site_data()
    net = Net(X.shape[1])
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    while flare.is_running():
        model = flare.receive()
        schedule = json.loads(bytes.fromhex(model.meta.get("schedule", "")))
        net.load_state_dict(model.params)
        for _ in range(args.epochs):
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(X), y)
            loss.backward()
            opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item(), "lr": schedule.get("lr", 0.01)}))


if __name__ == "__main__":
    main()
