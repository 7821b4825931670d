"""Red team 55a: a "quick look" at the site's file reads its first line only (nrows=1): the mean of that table is
the first patient's age, sent as a metric; and a skiprows filter that keeps line 8 alone."""
import pandas as pd

import nvflare.client as flare

DATA = "/data/site/train.csv"
head = pd.read_csv(DATA, nrows=1)
picked = pd.read_csv(DATA, skiprows=lambda i: i not in (0, 8))

flare.init()
while flare.is_running():
    model = flare.receive()
    flare.send(flare.FLModel(params=model.params, metrics={"age": float(head["age"]),
                                                           "bmi": float(picked["bmi"].mean())}))
