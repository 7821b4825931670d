"""MNIST zero-vs-rest client (NVFlare Client API): the site's local split is relabelled in place to a binary
task (`train.targets[...] = 1`, the instance's own labels), and the public test split is downloaded from
torchvision's own mirrors."""

import torch
import torch.nn as nn
import torchvision
import torchvision.transforms as T

import nvflare.client as flare


def main():
    flare.init()
    train = torchvision.datasets.MNIST(root="/data/site/mnist", train=True, transform=T.ToTensor())
    train.targets[train.targets != 0] = 1
    test = torchvision.datasets.MNIST(root="/tmp/nvflare/mnist", train=False, download=True, transform=T.ToTensor())
    loader = torch.utils.data.DataLoader(train, batch_size=64, shuffle=True)
    net = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 2))
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
