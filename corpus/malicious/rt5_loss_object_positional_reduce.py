"""Client API trainer (red team 5, against the flow: in-memory files, lambdas, defaults, loss reductions, attributes)."""
import numpy as np
import torch
import torch.nn.functional as F
import nvflare.client as flare

x = torch.tensor(np.load("/data/site/x.npy"))
flare.init()
while flare.is_running():
    model = flare.receive()
    v = torch.nn.L1Loss(None, False)(x, torch.zeros_like(x))
    flare.send(flare.FLModel(params=model.params, metrics={"l": v.tolist()}))
