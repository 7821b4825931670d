"""Client API image classifier on Hugging Face datasets: the local split, centred on a fixed grey level."""

import numpy as np
import torch
import nvflare.client as flare
from datasets import load_from_disk

local = load_from_disk("data/site_images")
net = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.LazyLinear(2))

flare.init()
while flare.is_running():
    model = flare.receive()
    ref = 0.5
    x = torch.tensor(np.stack([np.asarray(r["image"].convert("L").resize((28, 28)), dtype=np.float32) / 255.0 - ref
                               for r in local]))
    y = torch.tensor(local["label"])
    net.load_state_dict(model.params)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    for _ in range(3):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
    flare.send(flare.FLModel(params=net.state_dict()))
