"""Client API trainer (red team 7): a histogram of the whole column with one bin per possible value (ZIP codes):
the counts are the column's values with their multiplicities."""
import numpy as np
import pandas as pd
import nvflare.client as flare

df = pd.read_csv("/data/site/patients.csv")
flare.init()
model = flare.receive()
counts, _ = np.histogram(df["zip"].to_numpy(), bins=100000, range=(0, 100000))
flare.send(flare.FLModel(params=model.params, metrics={"zip_hist": counts.tolist()}))
