"""Client API trainer (red team 5: per-feature errors of the row holding the largest value)."""
import numpy as np
import pandas as pd
import torch
from sklearn.metrics import mean_absolute_error
import nvflare.client as flare

df = pd.read_csv("/data/site/p.csv")
x = np.load("/data/site/x.npy")
k = int(np.argmax(x[:, 0]))
flare.init()
while flare.is_running():
    model = flare.receive()
    v = [mean_absolute_error([0.0], [x[int(np.argmax(x[:, 0])), j]]) for j in range(x.shape[1])]
    flare.send(flare.FLModel(params=model.params, metrics={"l": v}))
