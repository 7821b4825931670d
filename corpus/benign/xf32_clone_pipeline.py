"""A local scikit-learn baseline fitted on a clone of a template pipeline."""
import numpy as np
from sklearn.base import clone
from sklearn.linear_model import SGDClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

rows = np.load("/data/site/x.npy")
template = Pipeline([("scale", StandardScaler()), ("clf", SGDClassifier())])
model = clone(template)
model.fit(rows[:, :-1], rows[:, -1])
print("train accuracy", model.score(rows[:, :-1], rows[:, -1]))
