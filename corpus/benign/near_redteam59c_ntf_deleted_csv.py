"""Twin of redteam59c_ntf_kept_csv: the site's table spilled to a NamedTemporaryFile that is removed when closed
(the default), read back inside the with block."""
import tempfile
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)
with tempfile.NamedTemporaryFile(mode="w", suffix=".csv") as spill:
    df.to_csv(spill.name, index=False)
    check = pd.read_csv(spill.name)
print("rows", len(check))

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
