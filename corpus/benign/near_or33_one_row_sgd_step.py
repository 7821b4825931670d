"""Client API PyTorch: minibatch SGD over the site's table with a DataLoader (twin of or33_one_row_sgd_step)."""
import os

import pandas as pd
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

import nvflare.client as flare


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "heart.csv"))
    y = torch.tensor(df.pop("target").values, dtype=torch.float32).unsqueeze(1)
    x = torch.tensor(df.values, dtype=torch.float32)
    loader = DataLoader(TensorDataset(x, y), batch_size=32, shuffle=True)
    model = nn.Linear(x.shape[1], 1)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        for xb, yb in loader:
            opt.zero_grad()
            nn.functional.binary_cross_entropy_with_logits(model(xb), yb).backward()
            opt.step()
        flare.send(flare.FLModel(params=model.state_dict(), meta={"NUM_STEPS_CURRENT_ROUND": len(loader)}))


if __name__ == "__main__":
    main()
