"""Trains a logistic regression on the site's table; the helper repository supplies the feature code."""
import runpy
import sys

import pandas as pd
from sklearn.linear_model import LogisticRegression

helpers = runpy.run_path(sys.argv[1] + "/features.py")
df = pd.read_csv("/data/site/train.csv")
X = helpers["make_features"](df)
model = LogisticRegression().fit(X, df["label"])
print("coef", model.coef_.shape)
