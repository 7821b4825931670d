"""NVFlare Client API: tabular regression."""

import numpy as np
import pandas as pd
import torch
import torch.nn as nn

import nvflare.client as flare


def main():
    df = pd.read_csv("/data/site/train.csv")
    y = torch.tensor(df.pop("target").to_numpy(np.float32))
    x = torch.tensor(df.select_dtypes("number").to_numpy(np.float32))
    model = nn.Linear(x.shape[1], 1)
    flare.init()
    while flare.is_running():
        incoming = flare.receive()
        model.load_state_dict(incoming.params)
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        for xb, yb in zip(x.split(64), y.split(64)):
            opt.zero_grad()
            nn.functional.mse_loss(model(xb).squeeze(-1), yb).backward()
            opt.step()
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"n": len(x)}))


if __name__ == "__main__":
    main()
