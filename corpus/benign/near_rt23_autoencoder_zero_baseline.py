"""Client API PyTorch autoencoder; also reports the all-zero baseline's error."""
import os

import pandas as pd
import torch
from torch import nn

import nvflare.client as flare


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "heart.csv"))
    x = torch.tensor(df.values, dtype=torch.float32)
    model = nn.Sequential(nn.Linear(x.shape[1], 4), nn.ReLU(), nn.Linear(4, x.shape[1]))
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x), batch_size=32, shuffle=True)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        for (xb,) in loader:
            opt.zero_grad()
            nn.functional.mse_loss(model(xb), xb).backward()
            opt.step()
        baseline = nn.functional.mse_loss(torch.zeros_like(x), x).item()
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"baseline_mse": baseline},
                                 meta={"NUM_STEPS_CURRENT_ROUND": len(loader)}))


if __name__ == "__main__":
    main()
