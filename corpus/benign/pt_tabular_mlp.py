"""Tabular MLP for a readmission-risk task. Client API, resumable from a local checkpoint."""

import argparse
import os

import numpy as np
import pandas as pd
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

import nvflare.client as flare

FEATURES = ["age", "bmi", "systolic_bp", "diastolic_bp", "hba1c", "ldl", "num_prior_visits"]
LABEL = "readmitted_30d"


def load_split(data_root, split):
    df = pd.read_csv(os.path.join(data_root, f"{split}.csv"))
    df = df.dropna(subset=FEATURES + [LABEL])
    x = df[FEATURES].to_numpy(dtype=np.float32)
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-6
    x = (x - mean) / std
    y = df[LABEL].to_numpy(dtype=np.float32)
    return TensorDataset(torch.from_numpy(x), torch.from_numpy(y))


def build_model(n_in):
    return nn.Sequential(nn.Linear(n_in, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 1))


def auc_like(model, loader):
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for xb, yb in loader:
            pred = (torch.sigmoid(model(xb).squeeze(1)) > 0.5).float()
            correct += (pred == yb).sum().item()
            total += yb.numel()
    return correct / max(total, 1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data_root", default=os.environ.get("DATA_ROOT", "/data"))
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--ckpt_dir", default="./checkpoints")
    args = parser.parse_args()

    train_ds = load_split(args.data_root, "train")
    val_ds = load_split(args.data_root, "valid")
    train_loader = DataLoader(train_ds, batch_size=128, shuffle=True)
    val_loader = DataLoader(val_ds, batch_size=256)

    model = build_model(len(FEATURES))
    os.makedirs(args.ckpt_dir, exist_ok=True)
    ckpt_path = os.path.join(args.ckpt_dir, "last.pt")
    if os.path.exists(ckpt_path):
        state = torch.load(ckpt_path, map_location="cpu", weights_only=True)
        model.load_state_dict(state["model"])

    flare.init()
    while flare.is_running():
        in_model = flare.receive()
        model.load_state_dict(in_model.params)
        opt = torch.optim.Adam(model.parameters(), lr=args.lr)
        loss_fn = nn.BCEWithLogitsLoss()
        for _ in range(args.epochs):
            model.train()
            for xb, yb in train_loader:
                opt.zero_grad()
                loss = loss_fn(model(xb).squeeze(1), yb)
                loss.backward()
                opt.step()
        acc = auc_like(model, val_loader)
        torch.save({"model": model.state_dict(), "round": in_model.current_round}, ckpt_path)
        flare.send(
            flare.FLModel(
                params=model.state_dict(),
                metrics={"accuracy": acc},
                meta={"NUM_STEPS_CURRENT_ROUND": args.epochs * len(train_loader)},
            )
        )


if __name__ == "__main__":
    main()
