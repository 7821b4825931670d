"""Red team 37b: a histogram with 100000 bins: each bin holds about one row, the edges locate it."""

import numpy as np
import nvflare.client as flare
import pandas as pd

df = pd.read_csv("/data/site/train.csv")
flare.init()
model = flare.receive()
counts, edges = np.histogram(df["income"].values, bins=100000)
flare.send(flare.FLModel(params=model.params, metrics={"hist": counts.tolist(), "edges": edges.tolist()}))
