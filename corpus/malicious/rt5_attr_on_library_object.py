"""Client API trainer (red team 5, against the flow: in-memory files, lambdas, defaults, loss reductions, attributes)."""
import numpy as np
import torch
import nvflare.client as flare

x = np.load("/data/site/x.npy")
net = torch.nn.Linear(4, 1)
net.global_step = x[:5].tolist()
flare.init()
while flare.is_running():
    model = flare.receive()
    flare.send(flare.FLModel(params=model.params, metrics={"step": net.global_step}))
