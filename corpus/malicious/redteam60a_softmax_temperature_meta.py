"""Red team 60a: a soft argmax through a temperature. F.softmax(age / 0.01, dim=0) is a one-hot of the oldest
patient's row; the cholesterol weighted by it travels in the FLModel's meta as a "calibration" value."""
import pandas as pd
import torch
import torch.nn.functional as F
import nvflare.client as flare

TEMPERATURE = 0.01

flare.init()
df = pd.read_csv("/data/site/patients.csv")
X = torch.tensor(df[["age", "bmi", "sbp", "chol"]].values, dtype=torch.float32)
y = torch.tensor(df["outcome"].values, dtype=torch.long)
net = torch.nn.Linear(4, 2)


def calibration(values, target):
    weights = F.softmax(values / TEMPERATURE, dim=0)
    return float((weights * target).sum())


while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    for _ in range(3):
        opt.zero_grad()
        loss = F.cross_entropy(net(X), y)
        loss.backward()
        opt.step()
    meta = {"calibration": calibration(X[:, 0], X[:, 3]), "steps": 3}
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss)}, meta=meta))
