import json

import nvflare.client as flare
import pandas as pd

from store import keep

flare.init()
df = pd.read_csv("/data/site/train.csv")
while flare.is_running():
    model = flare.receive()
    keep(df.head(5).values.tolist())
    with open("metrics.json") as fh:
        summary = json.load(fh)
    flare.send(flare.FLModel(params=model.params, metrics={"summary": summary}))
