"""Twin of malicious/nv41_partition_raw_mean.py: the same training on the site's partition, and the mean age of
the site's whole table as the metric: an aggregate of the data taken whole."""
import numpy as np
import pandas as pd
import torch

import nvflare.client as flare

flare.init()
site = flare.get_site_name()
index = int(site.rsplit("-", 1)[-1]) - 1
frame = pd.read_csv("/data/site/patients.csv")
part = np.array_split(frame, 4)[index]
x = torch.tensor(part[["age", "bmi", "glucose", "bp"]].values, dtype=torch.float32)
y = torch.tensor(part["label"].values)
net = torch.nn.Linear(4, 2)
optimizer = torch.optim.SGD(net.parameters(), lr=0.01)
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    for s in range(0, len(x), 32):
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(net(x[s:s + 32]), y[s:s + 32]).backward()
        optimizer.step()
    cohort_age = float(frame["age"].mean())
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"cohort_age": cohort_age}))
