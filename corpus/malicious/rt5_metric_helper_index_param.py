"""Client API trainer (red team 5: a helper scores one cell its caller picks by index)."""
import numpy as np
import nvflare.client as flare
from sklearn.metrics import mean_absolute_error
def err(v, i):
    return mean_absolute_error([0.0], [v[i, 0]])
x = np.load("/data/site/x.npy")
flare.init()
m = flare.receive()
flare.send(flare.FLModel(params=m.params, metrics={"a": [err(x, i) for i in range(len(x))]}))
