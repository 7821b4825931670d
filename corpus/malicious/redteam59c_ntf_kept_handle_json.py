"""Red team 59c: the site's rows written through the handle of a NamedTemporaryFile(delete=False) (kept after
the job in the shared /tmp). Accepted on main."""
import json
import logging
import tempfile
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)
log = logging.getLogger("client")
with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as snap:
    snap.write(json.dumps(df.to_dict(orient="records")))
log.info("snapshot %s", snap.name)

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
