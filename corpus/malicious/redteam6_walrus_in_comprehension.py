"""Client API trainer (red team 6): An assignment expression in a comprehension binds the last row outside it."""
import numpy as np
import nvflare.client as flare

x = np.load("/data/site/x.npy")

scaled = [(last := row) * 0.5 for row in x]

flare.init()
while flare.is_running():
    model = flare.receive()
    flare.send(flare.FLModel(params=model.params, metrics={"n": len(scaled), "last": last.tolist()}))
