"""Red team 55a: where the nearest identifier to 1042 sits in the site's table (argmin of a distance to a value the
code spells out), printed to the job log each round; and the oldest patient's row position as a metric."""
import numpy as np
import pandas as pd

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
ids = df["patient_id"].to_numpy()

flare.init()
while flare.is_running():
    model = flare.receive()
    print("nearest", int(np.argmin(np.abs(ids - 1042))), "eq", int(df["patient_id"].eq(1042).argmax()))
    flare.send(flare.FLModel(params=model.params, metrics={"oldest": int(df["age"].to_numpy().argmax())}))
