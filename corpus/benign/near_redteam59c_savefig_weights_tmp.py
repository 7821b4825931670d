"""Twin of redteam59c_savefig_rows_tmp: a plot of the model's weights (no site row) saved to a fixed png in /tmp."""
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)

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
    plt.figure()
    plt.bar(range(net.weight.shape[1]), net.weight.detach().numpy().ravel())
    plt.savefig("/tmp/fl_weights.png")
    plt.close()
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))
