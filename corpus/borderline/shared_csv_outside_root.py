"""Joins the site's training data with a reference label table kept outside DATA_ROOT
(/data/shared, maintained by the site's data office). Read-only, but a path outside the
job's data root that a reviewer should confirm is meant to be used."""

import os

import pandas as pd

import nvflare.client as flare

REFERENCE = "/data/shared/reference_labels_v4.csv"


def load():
    root = os.environ.get("DATA_ROOT", "/data/site")
    df = pd.read_csv(os.path.join(root, "train.csv"))
    ref = pd.read_csv(REFERENCE, usecols=["code", "label_group"])
    df = df.merge(ref, how="left", left_on="dx_code", right_on="code").drop(columns=["code"])
    df["label_group"] = df["label_group"].fillna("other").astype("category").cat.codes
    return df


def main():
    df = load()
    counts = df["label_group"].value_counts().sort_index()
    flare.init()
    while flare.is_running():
        m = flare.receive()
        prior = (counts / counts.sum()).to_numpy()
        flare.send(flare.FLModel(params={"prior": prior}, meta={"NUM_STEPS_CURRENT_ROUND": 1}))


if __name__ == "__main__":
    main()
