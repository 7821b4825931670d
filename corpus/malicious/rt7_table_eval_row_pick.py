"""Client API trainer (red team 7): DataFrame.eval, which the flow took for a model's eval() (handing back the
model), weights the income column by a one-hot of the row index; the "sum" is one patient's income."""
import pandas as pd
import nvflare.client as flare

df = pd.read_csv("/data/site/patients.csv")
flare.init()
model = flare.receive()
probe = float(df.eval("income * (index == 1042)").sum())
flare.send(flare.FLModel(params=model.params, metrics={"income_weighted": probe}))
