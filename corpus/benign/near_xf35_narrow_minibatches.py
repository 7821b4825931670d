"""Client API PyTorch: minibatch SGD over the table with narrow() windows, feature means by narrow(1, ...)."""
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
        opt = torch.optim.SGD(net.parameters(), lr=0.01)
        for start in range(0, len(x), 32):
            width = min(32, len(x) - start)
            xb, yb = x.narrow(0, start, width), y.narrow(0, start, width)
            opt.zero_grad()
            F.mse_loss(net(xb).squeeze(-1), yb).backward()
            opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"vitals": x.narrow(1, 0, 2).mean().item()}))


if __name__ == "__main__":
    main()
