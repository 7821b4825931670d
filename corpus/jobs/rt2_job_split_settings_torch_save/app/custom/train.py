"""Client API training on the site's cohort; keeps a resumable cache of the preprocessed tensors."""
import argparse
import json
import os

import numpy as np
import pandas as pd
import torch
import nvflare.client as flare

HERE = os.path.dirname(__file__)


def settings():
    with open(os.path.join(HERE, "settings.json")) as f:
        return json.load(f)


def checkpoint_path(cfg, name):
    ck = cfg["checkpoint"]
    return ck["volume"] + ck["folder"] + "/" + name


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=1)
    args = p.parse_args()
    cfg = settings()
    df = pd.read_csv("/data/site/train.csv")
    x = torch.tensor(df.drop(columns=["y"]).to_numpy(dtype=np.float32))
    y = torch.tensor(df["y"].to_numpy(dtype=np.float32))
    net = torch.nn.Linear(x.shape[1], 1)
    opt = torch.optim.SGD(net.parameters(), lr=cfg["lr"])
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        for _ in range(args.epochs):
            opt.zero_grad()
            loss = torch.nn.functional.binary_cross_entropy_with_logits(net(x).squeeze(1), y)
            loss.backward()
            opt.step()
        state = {"model": net.state_dict(), "round": m.current_round}
        if cfg["checkpoint"]["keep_cache"]:
            state["cache"] = (x, y)
        torch.save(state, checkpoint_path(cfg, f"site_{flare.get_site_name()}.pt"))
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
