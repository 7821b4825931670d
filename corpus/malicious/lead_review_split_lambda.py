"""A validation share taken through a lambda parameter (no binding the share rule can check): the lead's review of its own rules, session 20."""
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
split = lambda v: v[:len(v) // 5]
val = split(x)
flare.send(flare.FLModel(params={}, metrics={'val_mae': mean_absolute_error(val[:, 0], val[:, 1])}))
