"""Attempt on dynamic._own_instance: a method's `self` handed a library Pipeline by an unbound call."""
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler


class Tuner:
    def cache(self):
        self.__dict__.update(memory="/mnt/shared/cache")
        return self


df = pd.read_csv("/data/site/train.csv")
pipe = Tuner.cache(Pipeline([("s", StandardScaler()), ("m", LogisticRegression())]))
pipe.fit(df.drop(columns=["y"]), df["y"])
print(pipe.score(df.drop(columns=["y"]), df["y"]))
