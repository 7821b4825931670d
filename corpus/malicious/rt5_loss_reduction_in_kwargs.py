"""Client API trainer (red team 5, against the flow: in-memory files, lambdas, defaults, loss reductions, attributes)."""
import numpy as np
import torch
import torch.nn.functional as F
import nvflare.client as flare

x = torch.tensor(np.load("/data/site/x.npy"))
opts = {"reduction": "none"}
flare.init()
while flare.is_running():
    model = flare.receive()
    v = F.l1_loss(x, torch.zeros_like(x), **opts)
    flare.send(flare.FLModel(params=model.params, metrics={"l": v.tolist()}))
