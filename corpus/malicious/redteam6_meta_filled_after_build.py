"""Client API trainer (red team 6): the FLModel is built with an empty meta dict, which is filled with rows before sending."""
import numpy as np
import nvflare.client as flare

x = np.load("/data/site/x.npy")

flare.init()
while flare.is_running():
    model = flare.receive()
    meta = {}
    result = flare.FLModel(params=model.params, meta=meta)
    meta["profile"] = x[:3].tolist()
    flare.send(result)
