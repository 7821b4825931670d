"""Client API client that stages its checkpoint in a temporary directory before an atomic rename."""

import os
import tempfile

import torch
from torch import nn

import nvflare.client as flare


def save_atomically(state, path):
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        staged = os.path.join(tmp, "ckpt.pt")
        torch.save(state, staged)
        os.replace(staged, path)


def main():
    blob = torch.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.pt"), weights_only=True)
    x, y = blob["x"].float(), blob["y"]
    model = nn.Linear(x.shape[1], 2)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.SGD(model.parameters(), lr=0.05)
        opt.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
        save_atomically(model.state_dict(), os.path.join("checkpoints", "last.pt"))
        flare.send(flare.FLModel(params=model.state_dict()))


if __name__ == "__main__":
    main()
