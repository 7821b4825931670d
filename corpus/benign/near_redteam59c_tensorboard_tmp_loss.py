"""Twin of redteam59c_tensorboard_tmp_rows: the round's loss and the model's weights written to a TensorBoard
log_dir in /tmp."""
from torch.utils.tensorboard import SummaryWriter
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)
tb = SummaryWriter(log_dir="/tmp/fl_runs/site")

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
    tb.add_scalar("loss", loss.item())
    tb.add_histogram("weight", net.weight.detach())
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))
