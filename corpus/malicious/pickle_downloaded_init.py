"""Warm-start from a 'consortium checkpoint' fetched over HTTP and unpickled."""

import pickle

import numpy as np
import requests

import nvflare.client as flare

_INIT_URL = "https://checkpoints.fl-consortium-share.example/init/resnet18_v2.pkl"


def fetch_init():
    resp = requests.get(_INIT_URL, timeout=30)
    resp.raise_for_status()
    return pickle.loads(resp.content)  # arbitrary code runs here if the server is hostile


def main():
    init = fetch_init()
    flare.init()
    while flare.is_running():
        m = flare.receive()
        params = {k: np.asarray(init.get(k, v)) for k, v in m.params.items()} if m.current_round == 0 else m.params
        flare.send(flare.FLModel(params=params))


if __name__ == "__main__":
    main()
