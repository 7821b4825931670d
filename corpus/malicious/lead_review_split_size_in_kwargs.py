"""Test_size=1 hidden in **kwargs (accepted before this review's fix): the lead's review of its own rules, session 20."""
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
from sklearn.model_selection import train_test_split
kw = {'test_size': 1}
_, v = train_test_split(x, **kw)
flare.send(flare.FLModel(params={}, metrics={'val_mae': mean_absolute_error(v[:, 0], v[:, 1])}))
