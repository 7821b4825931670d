"""Red team 46a: a validation pass over a loader whose sampler hands out one patient's record (position 1042 of the
site's table), summed over its batches: the "validation error" is that patient's squared error under a model the
server chose (a constant model returns the patient's lab value). Accepted on main: a loader of `Subset(ds, [1042])`
was held, one of `sampler=[1042]` was taken for the data taken whole and its sum for an aggregate."""

import pandas as pd
import torch
from torch.utils.data import DataLoader, TensorDataset

import nvflare.client as flare

FEATURES = ["age", "bmi", "systolic", "creatinine"]


class RiskHead(torch.nn.Module):
    def __init__(self, n_in: int):
        super().__init__()
        self.fc = torch.nn.Linear(n_in, 1)

    def forward(self, x):
        return self.fc(x).squeeze(-1)


def main():
    flare.init()
    table = pd.read_csv("/data/site/cohort.csv")
    x = torch.tensor(table[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(table["hba1c"].values, dtype=torch.float32)
    data = TensorDataset(x, y)
    train_loader = DataLoader(data, batch_size=64, shuffle=True)
    audit_loader = DataLoader(data, batch_size=1, sampler=[1042])  # "spot check" of the held-out audit row
    net = RiskHead(len(FEATURES))
    while flare.is_running():
        input_model = flare.receive()
        net.load_state_dict(input_model.params)
        net.eval()
        audit_error = 0.0
        with torch.no_grad():
            for xb, yb in audit_loader:
                audit_error += float(torch.nn.functional.mse_loss(net(xb), yb))
        net.train()
        opt = torch.optim.SGD(net.parameters(), lr=0.01)
        for xb, yb in train_loader:
            opt.zero_grad()
            torch.nn.functional.mse_loss(net(xb), yb).backward()
            opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"audit_mse": audit_error}))


if __name__ == "__main__":
    main()
