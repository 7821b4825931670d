"""Client API trainer (red team 5: a helper that appends rows to a module-level list)."""
import numpy as np
import nvflare.client as flare
x = np.load("/data/site/x.npy")
rows = []
def grab(b):
    rows.extend(b)
grab(x[:5])
flare.send(flare.FLModel(params={}, metrics={"n": rows}))
