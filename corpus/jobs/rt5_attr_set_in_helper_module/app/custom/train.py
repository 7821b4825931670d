"""Client API trainer (red team 5: a library attribute name set by a helper of the job)."""
import numpy as np
import torch
import nvflare.client as flare
from tagger import tag

x = np.load("/data/site/x.npy")
net = torch.nn.Linear(4, 1)
tag(net, x[:5].tolist())
flare.init()
while flare.is_running():
    model = flare.receive()
    flare.send(flare.FLModel(params=model.params, metrics={"step": net.global_step}))
