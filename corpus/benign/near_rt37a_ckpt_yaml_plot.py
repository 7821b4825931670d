import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import torch
import yaml
import nvflare.client as flare

flare.init()
df = pd.read_csv("/data/site/train.csv")
os.makedirs("outputs", exist_ok=True)
with open("outputs/run.config", "w") as f:
    yaml.safe_dump({"lr": 0.1, "epochs": 2, "n_features": int(df.shape[1] - 1)}, f)
x = torch.tensor(df.drop(columns=["label"]).values, dtype=torch.float32)
y = torch.tensor(df["label"].values)
net = torch.nn.Linear(x.shape[1], 2)
opt = torch.optim.SGD(net.parameters(), lr=0.1)
losses = []
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    loss = torch.nn.functional.cross_entropy(net(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    losses.append(loss.item())
    torch.save(net.state_dict(), f"outputs/ckpt_round_{model.current_round}.pt")
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))
plt.plot(losses)
plt.savefig("outputs/loss_curve.png")
