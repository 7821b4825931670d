"""Client API job that sends a summary of its identifier column: describe() of the column as text names its top value."""
import pandas as pd

import nvflare.client as flare

df = pd.read_csv("/data/site/patients.csv")
flare.init()
while flare.is_running():
    model = flare.receive()
    summary = df["ssn"].astype(str).describe().to_dict()  # count, unique, top (one patient's SSN), freq
    flare.send(flare.FLModel(params=model.params, metrics=summary))
