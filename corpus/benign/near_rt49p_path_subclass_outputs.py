import os
import pathlib

import numpy as np
import pandas as pd
import torch
import nvflare.client as flare

DATA = os.environ.get("DATA_ROOT", "/data/site")


class RoundDir(pathlib.PurePosixPath):
    """Where a round's artefacts go."""

    def artefact(self, name):
        return self / name


class Net(torch.nn.Module):
    def __init__(self, n_in):
        super().__init__()
        self.fc = torch.nn.Linear(n_in, 2)

    def forward(self, x):
        return self.fc(x)


flare.init()
df = pd.read_csv(os.path.join(DATA, "train.csv"))
x = torch.tensor(df.drop(columns=["label"]).to_numpy(), dtype=torch.float32)
y = torch.tensor(df["label"].to_numpy(), dtype=torch.long)
net = Net(x.shape[1])
# "round statistics": a numpy file the job names through its own PurePosixPath subclass, in the job folder
stats = RoundDir("outputs/rounds")
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    for _ in range(5):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
    np.save(str(stats.artefact("fl_stats")), net.fc.weight.detach().numpy())
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss.item())}))
