"""Local feature engineering for an EHR cohort; the fitted encoders stay at the site."""

import json
import os

import numpy as np
import pandas as pd

CATEGORICAL = ["sex", "admission_type", "insurance", "discharge_location"]
NUMERIC = ["age", "los_days", "num_labs", "num_meds", "creatinine", "hemoglobin"]


class SiteFeaturizer:
    def __init__(self, vocab_path="./artifacts/categories.json"):
        self.vocab_path = vocab_path
        self.categories = {}
        self.medians = {}
        self.scales = {}

    def fit(self, df: pd.DataFrame) -> "SiteFeaturizer":
        # categories are fixed by the study protocol so all sites produce the same columns
        with open(os.path.join(os.path.dirname(__file__), "config", "categories.json")) as f:
            self.categories = json.load(f)
        for col in NUMERIC:
            self.medians[col] = float(df[col].median())
            q1, q3 = df[col].quantile([0.25, 0.75])
            self.scales[col] = float(q3 - q1) or 1.0
        return self

    def transform(self, df: pd.DataFrame) -> pd.DataFrame:
        out = pd.DataFrame(index=df.index)
        for col in NUMERIC:
            vals = df[col].fillna(self.medians[col])
            out[col] = ((vals - self.medians[col]) / self.scales[col]).clip(-5, 5)
            out[f"{col}_missing"] = df[col].isna().astype(np.int8)
        for col in CATEGORICAL:
            cats = pd.Categorical(df[col].fillna("unknown"), categories=self.categories[col] + ["unknown"])
            dummies = pd.get_dummies(cats, prefix=col, dtype=np.int8)
            dummies.index = df.index
            out = out.join(dummies)
        out["age_x_los"] = out["age"] * out["los_days"]
        # pandas' expression engine for a derived ratio (not Python's eval)
        out["labs_per_day"] = df.eval("num_labs / (los_days + 1)").fillna(0.0)
        return out

    def save(self):
        os.makedirs(os.path.dirname(self.vocab_path), exist_ok=True)
        with open(self.vocab_path, "w") as f:
            json.dump({"medians": self.medians, "scales": self.scales}, f)


def load_cohort(split="train"):
    root = os.environ.get("DATA_ROOT", "/data")
    df = pd.read_csv(os.path.join(root, f"cohort_{split}.csv"), parse_dates=["admit_time"])
    df = df[df["age"].between(18, 110)]
    return df


if __name__ == "__main__":
    train = load_cohort("train")
    feats = SiteFeaturizer().fit(train)
    x = feats.transform(train)
    print(x.shape, x.columns[:10].tolist())
