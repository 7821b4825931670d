"""hello-jax's round trip: the flat parameter vector from the server is rebuilt into flax's tree with the
template MODEL.init gives (nv26_flax_net.py), evaluated, and the update goes back flat."""

import jax.numpy as jnp
import numpy as np

import nvflare.client as flare
from nv26_flax_net import MODEL, unflatten

flare.init()
while flare.is_running():
    gm = flare.receive()
    params = unflatten(gm.params["numpy_key"])
    print(f"round={gm.current_round} layers={list(params)}")
    probe = MODEL.apply({"params": params}, jnp.zeros((1, 4)))
    print(f"output on zeros: {np.asarray(probe).round(3).tolist()}")
    flare.send(flare.FLModel(params={"numpy_key": np.asarray(gm.params["numpy_key"])}))
