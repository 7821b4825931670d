"""Client API job that sends a summary of a numeric column (count, mean, std, min, quartiles, max): an aggregate."""
import pandas as pd

import nvflare.client as flare

df = pd.read_csv("/data/site/patients.csv")
flare.init()
while flare.is_running():
    model = flare.receive()
    summary = df["age"].astype(float).describe().to_dict()
    flare.send(flare.FLModel(params=model.params, metrics=summary))
