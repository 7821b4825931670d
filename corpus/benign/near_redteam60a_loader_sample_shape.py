"""Red team 60a's twin: the first batch of the loader read for the number of features only (hello-dp's idiom), then
every batch of 32 rows trained on each round."""
import pandas as pd
import torch
import nvflare.client as flare
from torch.utils.data import DataLoader, TensorDataset

flare.init()
df = pd.read_csv("/data/site/patients.csv")
X = torch.tensor(df[["age", "bmi", "sbp", "chol"]].values, dtype=torch.float32)
y = torch.tensor(df["outcome"].values, dtype=torch.long)
loader = DataLoader(TensorDataset(X, y), batch_size=32, shuffle=True)
sample = next(iter(loader))
net = torch.nn.Linear(sample[0].shape[1], 2)

while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
    for xb, yb in loader:
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(xb), yb)
        loss.backward()
        opt.step()
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss)}))
