import nvflare.client as flare
import numpy as np
import pandas as pd

flare.init()
df = pd.read_csv("/data/site/train.csv")
y = df.pop("label").to_numpy(float)
x = df.to_numpy(float)


class Schema:
    layout = None

    def __class_getitem__(cls, columns):
        cls.layout = columns
        return cls


Schema[("age", "bmi", "bp")]
while flare.is_running():
    model = flare.receive()
    w = np.asarray(model.params["w"])
    for _ in range(5):
        w = w - 0.01 * x.T @ (x @ w - y) / len(y)
    flare.send(flare.FLModel(params={"w": w}, meta={"schema": Schema.layout}))
