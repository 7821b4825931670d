"""Red team 55a: a column named like a metric (`score`, `num_visits`) read as an attribute of the table, one
patient's value picked and converted by float(): the review its name earned was dropped by the number."""
import pandas as pd

import nvflare.client as flare

df = pd.read_csv("/data/site/cohort.csv")

flare.init()
while flare.is_running():
    model = flare.receive()
    flare.send(flare.FLModel(params=model.params,
                             metrics={"risk": float(df.score.iloc[7]), "visits": float(df.num_visits[7])}))
