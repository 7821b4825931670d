"""Twin of redteam55a_nrows_first_patient and redteam55a_metric_named_column: a file read whole with its header
line skipped (skiprows=1), and the mean of a column named like a metric over every row."""
import pandas as pd

import nvflare.client as flare

table = pd.read_csv("/data/site/train.csv", skiprows=1, header=None, names=["age", "bmi", "label"])
cohort = pd.read_csv("/data/site/cohort.csv")

flare.init()
while flare.is_running():
    model = flare.receive()
    flare.send(flare.FLModel(params=model.params, metrics={"age": float(table["age"].mean()),
                                                           "risk": float(cohort.score.mean())}))
