"""Client API PyTorch: BatchNorm statistics refreshed over the site's batches (twin of or33_batchnorm_repeated_row)."""
import os

import pandas as pd
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

import nvflare.client as flare


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "heart.csv"))
    x = torch.tensor(df.values, dtype=torch.float32)
    loader = DataLoader(TensorDataset(x), batch_size=64, shuffle=True)
    model = nn.Sequential(nn.BatchNorm1d(x.shape[1]), nn.Linear(x.shape[1], 16), nn.ReLU(), nn.Linear(16, 1))
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        model.train()
        with torch.no_grad():
            for (xb,) in loader:
                model(xb)
        flare.send(flare.FLModel(params=model.state_dict()))


if __name__ == "__main__":
    main()
