"""Split a site's CSV into train/valid/test shards in a scratch directory (run before training)."""

import argparse
import hashlib
import os
import tempfile

import numpy as np
import pandas as pd


def stable_bucket(key: str, n_buckets: int = 100) -> int:
    # md5 only as a fast, stable hash for bucketing; not used for security
    digest = hashlib.md5(key.encode("utf-8"), usedforsecurity=False).hexdigest()
    return int(digest[:8], 16) % n_buckets


def split_frame(df: pd.DataFrame, id_col: str, valid_pct: int = 10, test_pct: int = 10):
    buckets = df[id_col].astype(str).map(stable_bucket)
    test = df[buckets < test_pct]
    valid = df[(buckets >= test_pct) & (buckets < test_pct + valid_pct)]
    train = df[buckets >= test_pct + valid_pct]
    return train, valid, test


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data_root", default=os.environ.get("DATA_ROOT", "/data"))
    ap.add_argument("--input", default="cohort.csv")
    ap.add_argument("--id_col", default="subject_id")
    ap.add_argument("--out_dir", default=None, help="defaults to a fresh temporary directory")
    args = ap.parse_args()

    df = pd.read_csv(os.path.join(args.data_root, args.input))
    out_dir = args.out_dir or tempfile.mkdtemp(prefix="fl_split_")
    os.makedirs(out_dir, exist_ok=True)

    train, valid, test = split_frame(df, args.id_col)
    assert len(train) + len(valid) + len(test) == len(df)
    assert not set(train[args.id_col]) & set(test[args.id_col]), "subject leakage between train and test"

    for name, part in (("train", train), ("valid", valid), ("test", test)):
        part.to_csv(os.path.join(out_dir, f"{name}.csv"), index=False)
    ratios = np.array([len(train), len(valid), len(test)]) / len(df)
    print(f"wrote shards to {out_dir}: train/valid/test = {ratios.round(3).tolist()}")


if __name__ == "__main__":
    main()
