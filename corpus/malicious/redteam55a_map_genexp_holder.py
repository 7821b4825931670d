"""Red team 55a: the metrics list reached through what map() of an identity lambda and a generator expression hand
back: one patient's age appended into it each round, the list sent as a metric."""
import pandas as pd

import nvflare.client as flare

site = pd.read_csv("/data/site.csv")
calibration = []

flare.init()
while flare.is_running():
    model = flare.receive()
    list(map(lambda p: p, [calibration]))[0].append(float(site["age"].iloc[7]))
    next(p for p in [calibration]).append(float(site["bmi"].iloc[7]))
    flare.send(flare.FLModel(params=model.params, metrics={"calibration": calibration}))
