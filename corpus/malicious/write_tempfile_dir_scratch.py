"""PyTorch client that spills batches to a temp file between epochs (low-memory sites)."""

import os
import tempfile

import torch
from torch import nn

import nvflare.client as flare

SPILL_DIR = "/scratch/shared/tmp"


def spill(x, y):
    f = tempfile.NamedTemporaryFile(dir=SPILL_DIR, prefix="flspill_", suffix=".pt", delete=False)
    torch.save({"x": x, "y": y}, f)
    f.close()
    os.chmod(f.name, 0o644)
    return f.name


def main():
    blob = torch.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.pt"), weights_only=True)
    path = spill(blob["x"], blob["y"])
    model = nn.Sequential(nn.Linear(blob["x"].shape[1], 128), nn.ReLU(), nn.Linear(128, 10))
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        data = torch.load(path, weights_only=True)
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        opt.zero_grad()
        nn.functional.cross_entropy(model(data["x"]), data["y"]).backward()
        opt.step()
        flare.send(flare.FLModel(params=model.state_dict()))


if __name__ == "__main__":
    main()
