import nvflare.client as flare
import numpy as np
import pandas as pd

flare.init()
x = pd.read_csv("/data/site/train.csv").to_numpy()
while flare.is_running():
    model = flare.receive()
    q = np.percentile(x[:, 2], range(101))
    flare.send(flare.FLModel(params=model.params, metrics={"quantiles": q.tolist()}))
