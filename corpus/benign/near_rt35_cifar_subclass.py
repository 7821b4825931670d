"""Client API CIFAR-10 client with a federated subset class over torchvision's dataset (fjord style)."""

import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from torchvision import transforms
from torchvision.datasets import CIFAR10

import nvflare.client as flare


class FLCifar10(CIFAR10):
    """One client's share of CIFAR-10, read from the local folder."""

    def __init__(self, root, cid, num_clients=10, transform=None):
        super().__init__(root, train=True, transform=transform)
        idx = np.array_split(np.arange(len(self.data)), num_clients)[cid]
        self.data = self.data[idx]
        self.targets = [self.targets[i] for i in idx]


def main():
    ds = FLCifar10("/tmp/nvflare/data/cifar10", cid=0, transform=transforms.ToTensor())
    loader = DataLoader(ds, batch_size=64, shuffle=True)
    model = nn.Sequential(nn.Flatten(), nn.Linear(3 * 32 * 32, 10))
    flare.init()
    while flare.is_running():
        incoming = flare.receive()
        model.load_state_dict(incoming.params)
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        for x, y in loader:
            opt.zero_grad()
            loss = nn.functional.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
