"""Client API NumPy trainer; expects $DATA_ROOT/x.npy (see prepare_data.sh)."""

import os

import numpy as np

import nvflare.client as flare


def main():
    x = np.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "x.npy"), allow_pickle=False)
    col_mean = x.mean(axis=0)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        out = {}
        for k, v in m.params.items():
            v = np.asarray(v, dtype=np.float64)
            out[k] = v + 0.05 * (col_mean.mean() - v)
        flare.send(flare.FLModel(params=out, meta={"NUM_STEPS_CURRENT_ROUND": 1}))


if __name__ == "__main__":
    main()
