"""Red team 59c: functools.partial over a /tmp handle's write, later handed the site's table. Escalated on
main only as an unvouched use (the shared-folder finding missed, lead 58)."""
import functools
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)
emit = functools.partial(open("/tmp/fl_trace.csv", "a").write)

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
    emit(df.to_csv(index=False))
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))
