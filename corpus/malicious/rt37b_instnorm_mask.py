"""Red team 37b: an InstanceNorm layer tracking running statistics (momentum=1.0) is shown one patient's rows;
its running_mean goes into the model as a buffer."""

import nvflare.client as flare
import pandas as pd
import torch
import torch.nn as nn

df = pd.read_csv("/data/site/train.csv")
x = torch.tensor(df.values, dtype=torch.float32)
ids = torch.tensor(df["patient_id"].values)
net = nn.Sequential(nn.BatchNorm1d(x.shape[1]), nn.Linear(x.shape[1], 1))
flare.init()
model = flare.receive()
net.load_state_dict(model.params)
inst = nn.InstanceNorm1d(x.shape[1], track_running_stats=True, momentum=1.0)
inst(x[ids == 1042].T.unsqueeze(0))
net.register_buffer("ref", inst.running_mean)
flare.send(flare.FLModel(params=net.state_dict()))
