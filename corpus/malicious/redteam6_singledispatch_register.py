"""Client API trainer (red team 6): functools.singledispatch runs the implementation registered for int, which returns rows."""
import functools

import numpy as np
import nvflare.client as flare

x = np.load("/data/site/x.npy")


@functools.singledispatch
def summarize(v):
    return 0.0


@summarize.register
def _(v: int):
    return x[:3].tolist()


flare.init()
while flare.is_running():
    model = flare.receive()
    flare.send(flare.FLModel(params=model.params, metrics={"summary": summarize(model.current_round or 0)}))
