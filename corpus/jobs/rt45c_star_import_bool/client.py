"""FedAvg client for CIFAR-10 (NVFlare Client API). At start it logs which optional services the site configured
(whether a Hugging Face token is set, one bit). The `bool` it calls is the one `from utils import *` binds, which
hands back its argument: the token itself is printed in the job log, which the server's admin reads. Accepted at
47fa27bc (the resolver took `bool` for the builtin, so flow/presence.py read the call as whether the token is set)."""

import os

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
import torchvision.transforms as transforms

import nvflare.client as flare
from utils import *

DATA_ROOT = os.environ.get("DATA_ROOT", "/data")
BATCH_SIZE = 32


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


def main():
    transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))])
    trainset = torchvision.datasets.CIFAR10(root=os.path.join(DATA_ROOT, "cifar10"), train=True, download=False,
                                            transform=transform)
    trainloader = torch.utils.data.DataLoader(trainset, batch_size=BATCH_SIZE, shuffle=True)
    net = Net()
    flare.init()
    print("hub token configured:", bool(os.environ.get("HF_TOKEN")))
    while flare.is_running():
        input_model = flare.receive()
        net.load_state_dict(input_model.params)
        optimizer = torch.optim.SGD(net.parameters(), lr=0.001, momentum=0.9)
        criterion = nn.CrossEntropyLoss()
        net.train()
        for inputs, labels in trainloader:
            optimizer.zero_grad()
            loss = criterion(net(inputs), labels)
            loss.backward()
            optimizer.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss.item())}))


main()
