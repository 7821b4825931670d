"""Client API PyTorch: manual mini-batches of 16 rows over the table, in order."""
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
        for start in range(0, len(x), 16):
            opt.zero_grad()
            nn.functional.binary_cross_entropy_with_logits(model(x[start:start + 16]).squeeze(1), y[start:start + 16]).backward()
            opt.step()
        flare.send(flare.FLModel(params=model.state_dict(), meta={"NUM_STEPS_CURRENT_ROUND": len(x)}))


if __name__ == "__main__":
    main()
