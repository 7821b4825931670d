"""Client API PyTorch with a batch-normalised MLP trained on the site's loader batches."""
import os

import pandas as pd
import torch
from torch import nn

import nvflare.client as flare


class Net(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.norm = nn.BatchNorm1d(d)
        self.body = nn.Sequential(nn.Linear(d, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Linear(16, 2))

    def forward(self, x):
        return self.body(self.norm(x))


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "heart.csv"))
    y = torch.tensor(df.pop("target").values, dtype=torch.long)
    x = torch.tensor(df.values, dtype=torch.float32)
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=32, shuffle=True)
    model = Net(x.shape[1])
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        model.train()
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        for xb, yb in loader:
            opt.zero_grad()
            nn.functional.cross_entropy(model(xb), yb).backward()
            opt.step()
        model.eval()
        with torch.no_grad():
            acc = (model(x).argmax(1) == y).float().mean().item()
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"accuracy": acc},
                                 meta={"NUM_STEPS_CURRENT_ROUND": len(loader)}))


if __name__ == "__main__":
    main()
