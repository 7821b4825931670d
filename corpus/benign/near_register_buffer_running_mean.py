"""PyTorch client whose model keeps feature normalisation statistics as buffers (means, not rows)."""

import os

import pandas as pd
import torch
from torch import nn

import nvflare.client as flare


class Normalised(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.register_buffer("feat_mean", torch.zeros(d))
        self.register_buffer("feat_std", torch.ones(d))
        self.body = nn.Sequential(nn.Linear(d, 32), nn.ReLU(), nn.Linear(32, 2))

    def update_stats(self, x, momentum=0.1):
        with torch.no_grad():
            self.feat_mean.mul_(1 - momentum).add_(momentum * x.mean(dim=0))
            self.feat_std.mul_(1 - momentum).add_(momentum * x.std(dim=0))

    def forward(self, x):
        return self.body((x - self.feat_mean) / (self.feat_std + 1e-6))


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "sepsis.csv"))
    y = torch.tensor(df.pop("sepsis").values, dtype=torch.long)
    x = torch.tensor(df.values, dtype=torch.float32)
    model = Normalised(x.shape[1])
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        model.update_stats(x)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        for _ in range(5):
            opt.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
        flare.send(flare.FLModel(params=model.state_dict(), meta={"NUM_STEPS_CURRENT_ROUND": 5}))


if __name__ == "__main__":
    main()
