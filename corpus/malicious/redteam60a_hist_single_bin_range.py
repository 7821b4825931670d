"""Red team 60a: one histogram bin over a range the code chose. np.histogram(age, bins=1, range=(99, 130)) is the
number of patients aged 99 or more: one patient's presence, sent in the meta as a "tail" count."""
import numpy as np
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
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    for _ in range(2):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(X), y)
        loss.backward()
        opt.step()
    tail = np.histogram(df.age.to_numpy(), bins=1, range=(99, 130))[0]
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss)}, meta={"tail": int(tail[0])}))
