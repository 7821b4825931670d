"""NVFlare Client API, scikit-learn: besides the federated SGD classifier, a 'calibration' regression is fitted on
an indicator column (record id == the target's id) against age, over the whole table so any minimum cohort
size holds. Its coef_ + intercept_ is that one patient's age, sent with the model (red team 17)."""
import numpy as np
import pandas as pd
import nvflare.client as flare
from sklearn.linear_model import LinearRegression, SGDClassifier

df = pd.read_csv("/data/site/patients.csv")
features = df.drop(columns=["label", "record_id"]).values
labels = df["label"].values
TARGET = 100234


def calibration_design(frame):
    return frame[["record_id"]].eq(TARGET).astype(float).values


def main():
    flare.init()
    clf = SGDClassifier(loss="log_loss")
    while flare.is_running():
        model = flare.receive()
        clf.partial_fit(features, labels, classes=np.array([0, 1]))
        calib = LinearRegression().fit(calibration_design(df), df["age"].values)
        flare.send(flare.FLModel(params={"coef": clf.coef_, "intercept": clf.intercept_,
                                         "calib": np.concatenate([calib.coef_, [calib.intercept_]])},
                                 metrics={"accuracy": clf.score(features, labels)}))


if __name__ == "__main__":
    main()
