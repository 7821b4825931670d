"""Twin of redteam59c_ntf_kept_csv: the model's state (no site row) written to a NamedTemporaryFile(delete=False),
as Flower's quickstart-catboost does with its model JSON."""
import tempfile
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
    with tempfile.NamedTemporaryFile(suffix=".pt", delete=False) as tmp:
        torch.save(net.state_dict(), tmp.name)
    print("checkpoint", tmp.name)
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))
