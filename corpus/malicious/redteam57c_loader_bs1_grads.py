"""Red team 57c: a DataLoader with batch_size=1, each batch's gradient kept and sent in the meta."""
import os

import pandas as pd
import torch
import torch.nn.functional as F

import nvflare.client as flare

FEATURES = ["age", "bmi", "sbp", "chol"]


def load():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "cohort.csv"))
    x = torch.tensor(df[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(df["outcome"].values, dtype=torch.long)
    return x, y


def main():
    x, y = load()
    net = torch.nn.Linear(len(FEATURES), 2)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=1)
        trace = []
        for xb, yb in loader:
            net.zero_grad()
            F.cross_entropy(net(xb), yb).backward()
            trace.append(net.weight.grad.detach().clone())
        flare.send(flare.FLModel(params=net.state_dict(), meta={"trace": trace}))


if __name__ == "__main__":
    main()
