"""Tabular regression client (NVFlare Client API): the validation loss over every row; the model's input width is
read from the first element an iterator hands out."""
import pandas as pd
import torch
from torch.utils.data import DataLoader, TensorDataset

import nvflare.client as flare


def main():
    flare.init()
    site = pd.read_csv("/data/site.csv")
    x = torch.tensor(site.drop(columns=["y"]).values, dtype=torch.float32)
    y = torch.tensor(site["y"].values, dtype=torch.float32)
    loader = DataLoader(TensorDataset(x, y))
    it = iter(loader)
    first, _ = next(it)
    model = torch.nn.Linear(first.shape[1], 1)
    while flare.is_running():
        received = flare.receive()
        model.load_state_dict({k: torch.as_tensor(v) for k, v in received.params.items()})
        with torch.no_grad():
            total = 0.0
            for xb, yb in loader:
                total += torch.nn.functional.mse_loss(model(xb).squeeze(1), yb).item()
        flare.send(flare.FLModel(params={k: v.numpy() for k, v in model.state_dict().items()},
                                 metrics={"val_loss": total / len(loader)}))


if __name__ == "__main__":
    main()
