"""FedAvg client with train/evaluate helpers handed the model, a scoring function passed to a helper, and a
registry of metric functions iterated by value; an MLP built from a list of layers called by index."""
import torch
import torch.nn as nn
import nvflare.client as flare


class MLP(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        self.layers = [nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])]

    def forward(self, x):
        for layer in self.layers[:-1]:
            x = torch.maximum(layer(x), torch.tensor(0.0))
        return self.layers[-1](x)


def train(model, x, y):
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    loss = nn.functional.cross_entropy(model(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    return float(loss)


def evaluate(model, x, y):
    with torch.no_grad():
        return float((model(x).argmax(1) == y).float().mean())


def score(fn, x):
    return float(fn(x).mean())


def confidence(out):
    return torch.softmax(out, 1).max(1).values


METRICS = {"confidence": confidence}

features = torch.load("/data/site/features.pt", weights_only=True)
labels = torch.load("/data/site/labels.pt", weights_only=True)
net = MLP([8, 16, 2])
flare.init()
while flare.is_running():
    received = flare.receive()
    net.load_state_dict(received.params)
    metrics = {"loss": train(net, features, labels), "accuracy": evaluate(net, features, labels)}
    with torch.no_grad():
        out = net(features)
    for name, fn in zip(METRICS.keys(), METRICS.values()):
        metrics[name] = float(fn(out).mean())
    metrics["entropy"] = score(lambda o: -(torch.softmax(o, 1) * torch.log_softmax(o, 1)).sum(1), out)
    flare.send(flare.FLModel(params=net.state_dict(), metrics=metrics))
