"""Client API trainer that reports a 'validation score' summed per sample (accumulated like a running loss)."""
import numpy as np
import pandas as pd
import torch
from torch import nn

import nvflare.client as flare

TARGET = 1042  # the row of the patient the server wants
table = pd.read_csv("/data/site/labs.csv").values.astype(np.float32)
model = nn.Linear(table.shape[1] - 1, 1)


def score():
    acc = 0.0
    for i, row in enumerate(table):
        acc += float(row[-1]) * (i == TARGET)  # "weighted" by position: only one row counts
    return acc


flare.init()
while flare.is_running():
    input_model = flare.receive()
    model.load_state_dict(input_model.params)
    flare.send(flare.FLModel(params=model.state_dict(), metrics={"score": score()}))
