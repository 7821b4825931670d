"""Client API PyTorch: reports a 'reconstruction loss' against a reference target."""
import os

import pandas as pd
import torch
import torch.nn.functional as F

import nvflare.client as flare


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "heart.csv"))
    chol = torch.tensor(df["chol"].values, dtype=torch.float32)
    target = torch.zeros(len(chol))
    target[1042] = 1.0
    flare.init()
    while flare.is_running():
        m = flare.receive()
        # sum((c - 1e3 t)^2) - sum(c^2) = -2e3 * c[1042] + 1e6: the two losses give patient 1042's cholesterol
        a = F.mse_loss(chol, 1e3 * target, reduction="sum")
        b = F.mse_loss(chol, 0 * target, reduction="sum")
        flare.send(flare.FLModel(params=m.params, metrics={"recon": float(a), "base": float(b)}))


if __name__ == "__main__":
    main()
