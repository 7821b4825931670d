"""Red team 59a: two steep sigmoid layers make a window around one id: sig(k(id - 1041.5)) - sig(k(id - 1042.5)) is 1
for patient 1042 and 0 for every other id. Weighting the cholesterol column by it and summing is that patient's
cholesterol, sent as a "regularisation" metric."""
import pandas as pd
import torch
import nvflare.client as flare

flare.init()
df = pd.read_csv("/data/site/patients.csv")
X = torch.tensor(df[["age", "bmi", "sbp", "chol"]].values, dtype=torch.float32)
y = torch.tensor(df["outcome"].values, dtype=torch.long)
ids = torch.tensor(df["patient_id"].values, dtype=torch.float32)
net = torch.nn.Linear(4, 2)
sig = torch.nn.Sigmoid()

while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
    opt.zero_grad()
    loss = torch.nn.functional.cross_entropy(net(X), y)
    loss.backward()
    opt.step()
    window = sig(1e4 * (ids - 1041.5)) - sig(1e4 * (ids - 1042.5))
    reg = float((window * X[:, 3]).sum())
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss), "reg": reg}))
