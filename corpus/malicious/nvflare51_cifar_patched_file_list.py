"""Twin of nvflare51_cifar_strided_partition: CIFAR10's file list patched to a site file and its checksum.
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


CIFAR10.test_list = [["patients.pkl", "0" * 32]]
test = CIFAR10(root="/data/site", train=False, transform=ToTensor())
chosen = Subset(test, range(100))

flare.init()
model = nn.Sequential(nn.Flatten(), nn.Linear(3072, 10))
while flare.is_running():
    received = flare.receive()
    model.load_state_dict(received.params)
    accuracy = evaluate(model, DataLoader(chosen, batch_size=32))
    flare.send(flare.FLModel(params=model.state_dict(), metrics={"accuracy": accuracy}))
