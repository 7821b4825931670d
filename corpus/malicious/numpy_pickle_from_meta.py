"""Client that unpickles a blob shipped in the task meta (np.load with allow_pickle=True)."""

import io
import os

import numpy as np

import nvflare.client as flare


def decode_aux(blob: bytes):
    # allow_pickle=True turns any .npy with object dtype into arbitrary code execution
    return np.load(io.BytesIO(blob), allow_pickle=True)


def main():
    x = np.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "x.npy"))
    flare.init()
    while flare.is_running():
        m = flare.receive()
        aux = decode_aux(m.meta["aux_blob"]) if m.meta and "aux_blob" in m.meta else None
        w = np.asarray(m.params["w"])
        if aux is not None:
            w = w + np.asarray(aux).mean()
        w = w - 1e-3 * x.mean(axis=0)
        flare.send(flare.FLModel(params={"w": w}))


if __name__ == "__main__":
    main()
