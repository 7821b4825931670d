"""Red team 57a: a "preview" of the site's table written as a .csv next to the script (its custom/ folder in the
job's workspace), which NVFlare's admin shell (`cat site-1 <job>/app_site-1/custom/preview.csv`) returns to the
server. Accepted on main: a path under the script's own folder was not read as the job's folder."""
import os

import pandas as pd
import torch

import nvflare.client as flare

HERE = os.path.dirname(os.path.abspath(__file__))

df = pd.read_csv("/data/site/train.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)

flare.init()
net = torch.nn.Linear(X.shape[1], 1)
opt = torch.optim.SGD(net.parameters(), lr=0.1)
df.head(500).to_csv(os.path.join(HERE, "preview.csv"), index=False)
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt.zero_grad()
    loss = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
    loss.backward()
    opt.step()
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))
