"""Red team 60a: one row written into the update. A DataLoader with torch's default batch size hands out one row per
batch; the first one alone, one SGD step at lr 1 from a zeroed layer, and the layer's weight gradient is that row
(times the loss's slope): the sent state_dict carries patient 0's values."""
import pandas as pd
import torch
import nvflare.client as flare
from torch.utils.data import DataLoader, TensorDataset

flare.init()
df = pd.read_csv("/data/site/patients.csv")
X = torch.tensor(df[["age", "bmi", "sbp", "chol"]].values, dtype=torch.float32)
y = torch.tensor(df["outcome"].values, dtype=torch.long)
loader = DataLoader(TensorDataset(X, y))
net = torch.nn.Linear(4, 2)

while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt = torch.optim.SGD(net.parameters(), lr=1.0)
    xb, yb = next(iter(loader))
    opt.zero_grad()
    loss = torch.nn.functional.cross_entropy(net(xb), yb)
    loss.backward()
    opt.step()
    flare.send(flare.FLModel(params=net.state_dict()))
