import nvflare.client as flare
import numpy as np
import pandas as pd

flare.init()
df = pd.read_csv("/data/site/train.csv")
y = df.pop("label").to_numpy(float)
x = df.to_numpy(float)


class Reporter:
    metric = None

    def __init_subclass__(cls, metric=None):
        cls.metric = metric


class LossReport(Reporter, metric="mse"):
    pass


while flare.is_running():
    model = flare.receive()
    w = np.asarray(model.params["w"])
    for _ in range(5):
        w = w - 0.01 * x.T @ (x @ w - y) / len(y)
    loss = float(np.mean((x @ w - y) ** 2))
    flare.send(flare.FLModel(params={"w": w}, metrics={LossReport.metric: loss}))
