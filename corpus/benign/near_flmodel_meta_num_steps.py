"""Client API client sending NUM_STEPS_CURRENT_ROUND and a per-class count histogram (integers) in meta."""

import os

import numpy as np
import pandas as pd
import torch
from torch import nn

import nvflare.client as flare
from nvflare.app_common.app_constant import AppConstants


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "claims.csv"))
    y = torch.tensor(df["label"].values, dtype=torch.long)
    x = torch.tensor(df.drop(columns=["label"]).values, dtype=torch.float32)
    class_counts = np.bincount(df["label"].to_numpy(), minlength=2).tolist()
    model = nn.Linear(x.shape[1], 2)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.SGD(model.parameters(), lr=0.05)
        steps = 0
        for i in range(0, len(x), 128):
            opt.zero_grad()
            nn.functional.cross_entropy(model(x[i:i + 128]), y[i:i + 128]).backward()
            opt.step()
            steps += 1
        flare.send(flare.FLModel(params=model.state_dict(),
                                 meta={AppConstants.NUM_STEPS_CURRENT_ROUND: steps, "class_counts": class_counts}))


if __name__ == "__main__":
    main()
