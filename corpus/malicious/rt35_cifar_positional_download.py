"""Client API CIFAR-10 client whose dataset folder is the lab's shared cache."""

import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from torchvision import transforms
from torchvision.datasets import CIFAR10

import nvflare.client as flare

SHARED_CACHE = "/mnt/lab_share/cifar10"


def main():
    tf = transforms.Compose([transforms.ToTensor()])
    # root, train, transform, target_transform, download
    train = CIFAR10(SHARED_CACHE, True, tf, None, True)
    loader = DataLoader(train, batch_size=64, shuffle=True)
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
