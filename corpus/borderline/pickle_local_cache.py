"""Caches expensive feature extraction in a pickle file that this job writes and reads itself."""

import hashlib
import os
import pickle

import numpy as np
import pandas as pd

CACHE_DIR = "./cache"


def _key(path):
    st = os.stat(path)
    return hashlib.sha256(f"{path}:{st.st_size}:{st.st_mtime_ns}".encode()).hexdigest()[:16]


def extract_features(df: pd.DataFrame) -> dict:
    grouped = df.groupby("subject_id")
    return {
        "ids": np.array(list(grouped.groups)),
        "mean": grouped.mean(numeric_only=True).to_numpy(),
        "std": grouped.std(numeric_only=True).fillna(0).to_numpy(),
        "n": grouped.size().to_numpy(),
    }


def cached_features(csv_name="vitals.csv") -> dict:
    path = os.path.join(os.environ.get("DATA_ROOT", "/data"), csv_name)
    os.makedirs(CACHE_DIR, exist_ok=True)
    cache = os.path.join(CACHE_DIR, f"features_{_key(path)}.pkl")
    if os.path.exists(cache):
        with open(cache, "rb") as f:
            return pickle.load(f)  # written below by this same job
    feats = extract_features(pd.read_csv(path))
    with open(cache, "wb") as f:
        pickle.dump(feats, f, protocol=pickle.HIGHEST_PROTOCOL)
    return feats


if __name__ == "__main__":
    f = cached_features()
    print({k: getattr(v, "shape", None) for k, v in f.items()})
