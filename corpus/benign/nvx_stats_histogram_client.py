"""Federated statistics client: counts, sums, means and histograms per feature, nothing per row."""
import os

import numpy as np
import pandas as pd

import nvflare.client as flare

DATA_ROOT = os.environ.get("DATA_ROOT", "/data/adult")
FEATURES = ["age", "fnlwgt", "education-num", "capital-gain", "hours-per-week"]


def local_stats(df: pd.DataFrame, bins: int, ranges: dict) -> dict:
    out = {}
    for feature in FEATURES:
        values = df[feature].dropna().to_numpy()
        hist, edges = np.histogram(values, bins=bins, range=ranges.get(feature, (values.min(), values.max())))
        out[feature] = {
            "count": int(values.size),
            "failure_count": int(df[feature].isna().sum()),
            "sum": float(values.sum()),
            "mean": float(values.mean()),
            "min": float(values.min()),
            "max": float(values.max()),
            "histogram": hist.tolist(),
            "bin_edges": edges.tolist(),
        }
    return out


def main():
    flare.init()
    site = flare.get_site_name()
    df = pd.read_csv(os.path.join(DATA_ROOT, f"{site}.csv"), skipinitialspace=True)
    print(f"{site}: {len(df)} records, columns {list(df.columns)}")
    print(df[FEATURES].describe())
    while flare.is_running():
        task = flare.receive()
        bins = task.params.get("bins", 10)
        ranges = task.params.get("global_ranges", {})
        stats = local_stats(df, bins, ranges)
        for feature, s in stats.items():
            print(f"{feature}: n={s['count']} mean={s['mean']:.2f} hist={s['histogram']}")
        flare.send(flare.FLModel(params={"stats": stats}, meta={"site": site}))


if __name__ == "__main__":
    main()
