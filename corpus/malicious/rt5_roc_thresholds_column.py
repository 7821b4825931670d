"""Client API trainer (red team 5, against the aggregate rule: what makes data clean)."""
import numpy as np
import pandas as pd
from sklearn.metrics import roc_curve
import nvflare.client as flare

df = pd.read_csv("/data/site/patients.csv")
flare.init()
while flare.is_running():
    model = flare.receive()
    fpr, tpr, thr = roc_curve(df["label"].values, df["ssn"].values)
    flare.send(flare.FLModel(params=model.params, metrics={"roc_thr": thr.tolist()}))
