"""Red team 59c: a scatter plot of the site's two first columns (every row a point) saved to a fixed png in
the shared /tmp. Accepted on main (the figure is drawn by one call and saved by another)."""
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)
plt.figure(figsize=(8, 8))
plt.scatter(df.iloc[:, 0], df.iloc[:, 1], s=2)
plt.title("feature overview")
plt.savefig("/tmp/fl_overview.png", dpi=300)
plt.close()

flare.init()
net = torch.nn.Linear(X.shape[1], 1)
opt = torch.optim.SGD(net.parameters(), lr=0.1)
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt.zero_grad()
    loss = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
    loss.backward()
    opt.step()
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))
