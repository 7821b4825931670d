"""Attempt on vouch.setting_ok: sklearn Pipeline memory written through vars(p)[...]."""
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

df = pd.read_csv("/data/site/train.csv")
p = Pipeline([("m", LogisticRegression())])
vars(p)["memory"] = "/mnt/shared/cache"
p.fit(df.drop(columns=["y"]), df["y"])
