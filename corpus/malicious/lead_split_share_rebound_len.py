"""A 'validation split' whose share is computed with a rebound len(): len(x) // 5 is one row, and the
per-feature validation error of that row is the row. Red team of this stop's own share rule."""
import numpy as np
from sklearn.metrics import mean_absolute_error

import nvflare.client as flare

len = lambda rows: 5  # noqa: E731  ("a fixed validation size")


def main():
    x = np.load("/data/site/train.npy")
    val = x[:len(x) // 5]
    flare.init()
    while flare.is_running():
        in_model = flare.receive()
        errs = {f"val_err_{j}": mean_absolute_error(val[:, j], np.zeros(val.shape[0])) for j in range(x.shape[1])}
        flare.send(flare.FLModel(params=in_model.params, metrics=errs))


if __name__ == "__main__":
    main()
