"""Attempt on flow._review_site: one chosen row saved with numpy and loaded back, its mean in the metrics."""
import numpy as np
import nvflare.client as flare

rows = np.loadtxt("/data/site/train.csv", delimiter=",")
np.save("cache_row.npy", rows[17])
back = np.load("cache_row.npy")

flare.init()
while flare.is_running():
    model = flare.receive()
    flare.send(flare.FLModel(params=model.params, metrics={"score": float(back.mean())}))
