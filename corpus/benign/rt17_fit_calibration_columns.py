"""Twin of malicious/rt17_fit_indicator_row.py: the calibration regression is fitted on the site's feature
columns taken whole, its coefficients sent with the federated classifier's."""
import numpy as np
import pandas as pd
import nvflare.client as flare
from sklearn.linear_model import LinearRegression, SGDClassifier

df = pd.read_csv("/data/site/patients.csv")
features = df.drop(columns=["label", "record_id"]).values
labels = df["label"].values


def main():
    flare.init()
    clf = SGDClassifier(loss="log_loss")
    while flare.is_running():
        model = flare.receive()
        clf.partial_fit(features, labels, classes=np.array([0, 1]))
        calib = LinearRegression().fit(features, df["age"].values)
        flare.send(flare.FLModel(params={"coef": clf.coef_, "intercept": clf.intercept_,
                                         "calib": np.concatenate([calib.coef_, [calib.intercept_]])},
                                 metrics={"accuracy": clf.score(features, labels)}))


if __name__ == "__main__":
    main()
