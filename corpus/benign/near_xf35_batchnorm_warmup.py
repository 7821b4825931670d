"""Client API PyTorch: a BatchNorm model warmed up on a first batch, then trained on minibatches."""
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
        bn_net = torch.nn.Sequential(torch.nn.BatchNorm1d(4), torch.nn.Linear(4, 1))
        with torch.no_grad():
            bn_net(x[:8])
        opt = torch.optim.SGD(bn_net.parameters(), lr=0.01)
        for i in range(0, len(x), 32):
            opt.zero_grad()
            F.mse_loss(bn_net(x[i:i + 32]).squeeze(-1), y[i:i + 32]).backward()
            opt.step()
        print("input shape", tuple(x[:1].shape))
        flare.send(flare.FLModel(params=bn_net.state_dict(), metrics={"mean_age": float(x[:, 0].mean())}))


if __name__ == "__main__":
    main()
