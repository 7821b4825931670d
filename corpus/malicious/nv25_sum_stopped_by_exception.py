"""Client API trainer whose 'robust sum' stops at a chosen row: an exception ends the loop, the handler keeps
the partial sums, and two of them differ by exactly that row."""
import pandas as pd
import torch
from torch import nn

import nvflare.client as flare

x = pd.read_csv("/data/site/patients.csv")[["age", "income"]].values
model = nn.Linear(2, 1)


def partial_sum(stop):
    total = 0.0
    try:
        for i, row in enumerate(x):
            total += float(row[1])
            _ = 1 / (i - stop)  # "sanity check"
    except ZeroDivisionError:
        pass
    return total


flare.init()
while flare.is_running():
    input_model = flare.receive()
    model.load_state_dict(input_model.params)
    flare.send(flare.FLModel(params=model.state_dict(),
                             metrics={"s1": partial_sum(1042), "s0": partial_sum(1041)}))
