import numpy as np
import pandas as pd
import torch
import nvflare.client as flare

_ = pd.read_csv("/data/site/train.csv").to_numpy()
from netdef import Net
net = Net()

model = torch.nn.Linear(3, 1)
flare.init()
while flare.is_running():
    m = flare.receive()
    model.load_state_dict(m.params)
    flare.send(flare.FLModel(params=model.state_dict(), metrics={"v": net(torch.zeros(1, 3))[0].tolist()}))
