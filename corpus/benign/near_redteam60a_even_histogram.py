"""Red team 60a's twin: an age histogram over ten even bins (np.linspace(0, 100, 11)) and a BMI histogram of
bins=8 over a spelled range, sent as metrics beside the loss: coarse histograms of the data taken whole."""
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
    opt.zero_grad()
    loss = torch.nn.functional.cross_entropy(net(X), y)
    loss.backward()
    opt.step()
    ages, _ = np.histogram(df["age"].values, bins=np.linspace(0, 100, 11))
    bmis, _ = np.histogram(df["bmi"].values, bins=8, range=(10, 50))
    flare.send(flare.FLModel(params=net.state_dict(),
                             metrics={"loss": float(loss), "age_hist": ages.tolist(), "bmi_hist": bmis.tolist()}))
