"""Client API PyTorch: per-row logistic regression SGD, one row at a time over every row (zip)."""
import os

import numpy as np
import pandas as pd
import torch
from torch import nn

import nvflare.client as flare


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "heart.csv"))
    y = torch.tensor(df.pop("target").values, dtype=torch.float32)
    x = torch.tensor(df.values, dtype=torch.float32)
    model = nn.Linear(x.shape[1], 1)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        for xi, yi in zip(x, y):
            opt.zero_grad()
            loss = nn.functional.binary_cross_entropy_with_logits(model(xi).squeeze(), yi)
            loss.backward()
            opt.step()
        flare.send(flare.FLModel(params=model.state_dict(), meta={"NUM_STEPS_CURRENT_ROUND": len(x)}))


if __name__ == "__main__":
    main()
