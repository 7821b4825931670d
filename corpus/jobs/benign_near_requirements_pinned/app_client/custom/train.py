"""Client API tabular client; the checkpoint folder (inside the run folder) comes from app_config."""

import argparse
import os

import pandas as pd
import torch
from sklearn.metrics import roc_auc_score
from torch import nn

import nvflare.client as flare
from net import Net


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--ckpt_dir", default="./checkpoints")
    args = p.parse_args()
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "adult.csv"))
    y = torch.tensor(df.pop("income").values, dtype=torch.long)
    x = torch.tensor(df.values, dtype=torch.float32)
    model = Net(x.shape[1])
    ckpt = os.path.join(args.ckpt_dir, "local.pt")
    if os.path.exists(ckpt):
        model.load_state_dict(torch.load(ckpt, weights_only=True))
    os.makedirs(args.ckpt_dir, exist_ok=True)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.Adam(model.parameters(), lr=args.lr)
        for _ in range(args.epochs):
            opt.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
        with torch.no_grad():
            auc = roc_auc_score(y.numpy(), torch.softmax(model(x), 1)[:, 1].numpy())
        torch.save(model.state_dict(), ckpt)
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"auc": float(auc)}))


if __name__ == "__main__":
    main()
