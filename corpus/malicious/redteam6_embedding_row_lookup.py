"""Client API trainer (red team 6): F.embedding(index, table) with the site's table is a row lookup, not an element-wise function."""
import numpy as np
import torch
import torch.nn.functional as F
import nvflare.client as flare

table = torch.tensor(np.load("/data/site/x.npy"))
flare.init()
while flare.is_running():
    model = flare.receive()
    probe = F.embedding(torch.tensor([1042]), table)
    flare.send(flare.FLModel(params=model.params, metrics={"probe_mean": float(probe.mean())}))
