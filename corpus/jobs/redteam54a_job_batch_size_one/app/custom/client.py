"""Tabular regression client (NVFlare Client API): the batch size is a command-line setting; the config runs it with --batch_size 1 and the first batch's loss is sent."""
import argparse

import pandas as pd
import torch
from torch.utils.data import DataLoader, TensorDataset

import nvflare.client as flare


def define_parser():
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch_size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=0.01)
    return parser.parse_args()


def main():
    args = define_parser()
    flare.init()
    site = pd.read_csv("/data/site.csv")
    x = torch.tensor(site.drop(columns=["y"]).values, dtype=torch.float32)
    y = torch.tensor(site["y"].values, dtype=torch.float32)
    loader = DataLoader(TensorDataset(x, y), batch_size=args.batch_size)
    model = torch.nn.Linear(x.shape[1], 1)
    while flare.is_running():
        received = flare.receive()
        model.load_state_dict({k: torch.as_tensor(v) for k, v in received.params.items()})
        with torch.no_grad():
            for xb, yb in loader:
                loss = torch.nn.functional.mse_loss(model(xb).squeeze(1), yb)
                break
        flare.send(flare.FLModel(params={k: v.numpy() for k, v in model.state_dict().items()},
                                 metrics={"val_loss": loss.item()}))


if __name__ == "__main__":
    main()
