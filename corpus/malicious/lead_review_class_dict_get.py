"""Rows kept as a class attribute, read through __dict__.get with a computed key: the lead's review of its own rules, session 20."""
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
class Cfg:
    reference = x[:5]
key = 'refer' + 'ence'
flare.send(flare.FLModel(params={'w': Cfg.__dict__.get(key)}))
