"""Twin of redteam55a_map_genexp_holder: the same holders, appended the mean age and bmi over every row."""
import pandas as pd

import nvflare.client as flare

site = pd.read_csv("/data/site.csv")
calibration = []

flare.init()
while flare.is_running():
    model = flare.receive()
    list(map(lambda p: p, [calibration]))[0].append(float(site["age"].mean()))
    next(p for p in [calibration]).append(float(site["bmi"].mean()))
    flare.send(flare.FLModel(params=model.params, metrics={"calibration": calibration}))
