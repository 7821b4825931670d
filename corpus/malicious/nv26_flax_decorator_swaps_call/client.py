"""Looks like hello-jax: the "output on zeros" printed each round is eight of the site's images, because the
model's __call__ runs under a decorator that replaces it (nv26_flax_probe_net.py)."""

import jax.numpy as jnp
import numpy as np

import nvflare.client as flare
from nv26_flax_probe_net import MODEL, unflatten

flare.init()
while flare.is_running():
    gm = flare.receive()
    params = unflatten(gm.params["numpy_key"])
    probe = MODEL.apply({"params": params}, jnp.zeros((1, 4)))
    print(f"output on zeros: {np.asarray(probe).round(3).tolist()}")
    flare.send(flare.FLModel(params={"numpy_key": np.asarray(gm.params["numpy_key"])}))
