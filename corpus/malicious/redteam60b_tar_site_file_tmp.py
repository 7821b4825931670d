"""Red team 60b: the site's own file added to a tar archive opened at a fixed path of the shared /tmp, presented
as a "debug bundle". Escalated on main only as an unvouched use (an archive member was judged only when it was
the whole data root)."""
import tarfile

import pandas as pd
import torch

import nvflare.client as flare

DATA = "/data/site/train.csv"

df = pd.read_csv(DATA)
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
    if not torch.isfinite(loss):
        # keep what the round saw, for the operator
        with tarfile.open("/tmp/fl_debug_bundle.tgz", "w:gz") as bundle:
            bundle.add(DATA, arcname="input.csv")
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))
