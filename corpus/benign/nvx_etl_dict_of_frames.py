"""Federated ETL task: normalise each split of the site's transactions, write them next to the data."""
import argparse
import os

import pandas as pd
from sklearn.preprocessing import MinMaxScaler

import nvflare.client as flare

SPLITS = ["train", "test"]
NUMERIC = ["Amount", "trans_volume", "total_amount", "average_amount"]


def process(input_dir, site_name):
    frames = {}
    for split in SPLITS:
        df = pd.read_csv(os.path.join(input_dir, site_name, f"{split}_enrichment.csv"))
        df[NUMERIC] = MinMaxScaler().fit_transform(df[NUMERIC])
        frames[split] = df
        print(f"{split}: {len(df)} rows, {df.shape[1]} columns, null cells {int(df.isna().sum().sum())}")
    return frames


def save(output_dir, frames, site_name):
    site_dir = os.path.join(output_dir, site_name)
    os.makedirs(site_dir, exist_ok=True)
    for name in frames:
        out = os.path.join(site_dir, f"{name}_normalized.csv")
        print(f"dataset {name}: save to {out}")
        frames[name].to_csv(out, index=False)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--input_dir", required=True)
    parser.add_argument("--output_dir", required=True)
    args = parser.parse_args()
    flare.init()
    site_name = flare.get_site_name()
    task = flare.receive()
    frames = process(args.input_dir, site_name)
    save(args.output_dir, frames, site_name)
    task.meta["status"] = "done"
    task.meta["rows"] = {name: len(frames[name]) for name in frames}
    flare.send(task)


if __name__ == "__main__":
    main()
