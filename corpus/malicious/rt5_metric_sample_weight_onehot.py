"""Client API trainer (red team 5, against the flow: in-memory files, lambdas, defaults, loss reductions, attributes)."""
import numpy as np
from sklearn.metrics import mean_absolute_error
import nvflare.client as flare

x = np.load("/data/site/x.npy")
flare.init()
while flare.is_running():
    model = flare.receive()
    vals = []
    for i in range(20):
        w = np.zeros(len(x))
        w[i] = 1.0
        vals.append(mean_absolute_error(x[:, 0], np.zeros(len(x)), sample_weight=w))
    flare.send(flare.FLModel(params=model.params, metrics={"v": vals}))
