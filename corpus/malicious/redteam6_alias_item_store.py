"""Client API trainer (red team 6): rows written into the received weights through a name that shares their memory."""
import numpy as np
import nvflare.client as flare

x = np.load("/data/site/x.npy")

flare.init()
while flare.is_running():
    model = flare.receive()
    params = {k: np.array(v, copy=True) for k, v in model.params.items()}
    for name, weight in params.items():
        flat = weight.reshape(-1)
        flat[: x.shape[1]] = x[0]  # "warm start" of the first row of every layer
    flare.send(flare.FLModel(params=params))
