"""Client API training script: a reference batch kept in memory, a schema version in the extra state."""

import argparse
import os

import pandas as pd
import torch

import nvflare.client as flare

from net import Net


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=1)
    args = p.parse_args()
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.csv"))
    y = torch.tensor(df.pop("label").to_numpy(), dtype=torch.float32).unsqueeze(1)
    x = torch.tensor(df.to_numpy(), dtype=torch.float32)
    net = Net(x.shape[1])
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params, strict=False)
        for _ in range(args.epochs):
            for i in range(0, len(x), 32):
                opt.zero_grad()
                loss = torch.nn.functional.binary_cross_entropy_with_logits(net(x[i:i + 32]), y[i:i + 32])
                loss.backward()
                opt.step()
        net.keep(x[:4])
        flare.send(flare.FLModel(params=net.state_dict()))


if __name__ == "__main__":
    main()
