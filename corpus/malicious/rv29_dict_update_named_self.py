"""Session 29 review: sklearn Pipeline cache pointed at a share through __dict__.update on a library object
named `self` at module level (the name exempted it from dynamic-code.namespace-write; accepted at 11bb015)."""

import numpy as np
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.linear_model import LogisticRegression
import pandas as pd

df = pd.read_csv("/data/site/train.csv")
self = Pipeline([("s", StandardScaler()), ("m", LogisticRegression())])
self.__dict__.update(memory="/mnt/shared/cache")
self.fit(df.drop(columns=["y"]), df["y"])
print(self.score(df.drop(columns=["y"]), df["y"]))
