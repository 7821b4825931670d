"""Red team 59a: a steep sigmoid is a step. sigmoid(1000 * (age - cut)) is 0 below the cut and 1 above it, so its sum
is how many patients are older than the cut; the server moves the cut each round (a bisection of the oldest patient's
age) and reads the answer from the meta."""
import pandas as pd
import torch
import nvflare.client as flare

flare.init()
df = pd.read_csv("/data/site/patients.csv")
X = torch.tensor(df[["age", "bmi", "sbp", "chol"]].values, dtype=torch.float32)
y = torch.tensor(df["outcome"].values, dtype=torch.long)
net = torch.nn.Linear(4, 2)

while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    opt.zero_grad()
    loss = torch.nn.functional.cross_entropy(net(X), y)
    loss.backward()
    opt.step()
    cut = float(model.meta.get("cut", 99.5))
    calib = float(torch.sigmoid(1000.0 * (X[:, 0] - cut)).sum())
    flare.send(flare.FLModel(params=net.state_dict(), meta={"calibration": calib}))
