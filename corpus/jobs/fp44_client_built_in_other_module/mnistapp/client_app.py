"""Flower ClientApp: builds the client of task.py with the model, the loaders and the site's reference table."""

import numpy as np
from torch.utils.data import DataLoader
from torchvision.datasets import MNIST
from torchvision.transforms import ToTensor
from flwr.client import ClientApp
from flwr.common import Context

from mnistapp.task import FlowerClient, Net


def client_fn(context: Context):
    train = MNIST("data", train=True, download=False, transform=ToTensor())
    test = MNIST("data", train=False, download=False, transform=ToTensor())
    reference = np.load("/data/site/patients.npy")
    return FlowerClient(Net(), DataLoader(train, batch_size=32, shuffle=True), DataLoader(test, batch_size=32),
                        reference).to_client()


app = ClientApp(client_fn)
