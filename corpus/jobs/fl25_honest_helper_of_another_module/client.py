"""FedAvg client: trains the shared classifier one step and reports its accuracy through the shared helper."""
import torch
import torch.nn as nn
import nvflare.client as flare

from models import Classifier, evaluate

features = torch.load("/data/site/features.pt", weights_only=True)
labels = torch.load("/data/site/labels.pt", weights_only=True)
net = Classifier()
flare.init()
while flare.is_running():
    received = flare.receive()
    net.load_state_dict(received.params)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    loss = nn.functional.binary_cross_entropy(net(features).squeeze(1), labels.float())
    opt.zero_grad()
    loss.backward()
    opt.step()
    acc = float(((evaluate(net, features).squeeze(1) > 0.5) == labels).float().mean())
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss), "accuracy": acc}))
