"""Client API MNIST client: torchvision dataset from the site's folder with download=False."""

import os

import torch
import torchvision
import torchvision.transforms as T
from torch import nn

import nvflare.client as flare


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(),
                                      nn.MaxPool2d(2))
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(256, 120), nn.ReLU(), nn.Linear(120, 10))

    def forward(self, x):
        return self.head(self.features(x))


def main():
    root = os.environ.get("DATA_ROOT", "/data/mnist")
    ds = torchvision.datasets.MNIST(root, train=True, download=False, transform=T.ToTensor())
    loader = torch.utils.data.DataLoader(ds, batch_size=64, shuffle=True, num_workers=2)
    model = LeNet()
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
        model.train()
        for xb, yb in loader:
            opt.zero_grad()
            nn.functional.cross_entropy(model(xb), yb).backward()
            opt.step()
        flare.send(flare.FLModel(params=model.state_dict(), meta={"NUM_STEPS_CURRENT_ROUND": len(loader)}))


if __name__ == "__main__":
    main()
