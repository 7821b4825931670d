"""Client API client built from the job's own modules (star import of layers, explicit import of data)."""

import argparse
import json
import os

import torch
from torch import nn
from torch.utils.data import DataLoader

import nvflare.client as flare
from data import load_split
from layers import *  # ResidualMLP, init_weights (see layers.__all__)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--data_subdir", default="site_split")
    p.add_argument("--out_dir", default="./outputs")
    args = p.parse_args()
    train = DataLoader(load_split(args.data_subdir, "train"), batch_size=64, shuffle=True)
    valid = DataLoader(load_split(args.data_subdir, "valid"), batch_size=256)
    model = ResidualMLP(train.dataset.tensors[0].shape[1])
    model.apply(init_weights)
    os.makedirs(args.out_dir, exist_ok=True)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
        model.train()
        for _ in range(args.epochs):
            for xb, yb in train:
                opt.zero_grad()
                nn.functional.cross_entropy(model(xb), yb).backward()
                opt.step()
        model.eval()
        with torch.no_grad():
            correct = sum((model(xb).argmax(1) == yb).sum().item() for xb, yb in valid)
        acc = correct / len(valid.dataset)
        with open(os.path.join(args.out_dir, "val.jsonl"), "a") as f:
            f.write(json.dumps({"round": m.current_round, "accuracy": acc}) + "\n")
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"accuracy": acc},
                                 meta={"NUM_STEPS_CURRENT_ROUND": args.epochs * len(train)}))


if __name__ == "__main__":
    main()
