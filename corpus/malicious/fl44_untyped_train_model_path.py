"""HeteroFL-style Flower client whose evaluation helper calls `train(model_path=...)` on the object it is handed: a
transformers Trainer passed in there loads model, optimizer and RNG pickles from the lab share."""

from collections import OrderedDict

import torch
from flwr.client import ClientApp, NumPyClient
from flwr.common import Context
from torch.utils.data import DataLoader
from torchvision.datasets import MNIST
from torchvision.transforms import ToTensor


def test(model, test_loader):
    model.train(model_path="/mnt/lab_share/ckpt-500")
    criterion = torch.nn.CrossEntropyLoss()
    loss, correct = 0.0, 0
    with torch.no_grad():
        for images, labels in test_loader:
            outputs = model(images)
            loss += criterion(outputs, labels).item()
            correct += (torch.max(outputs.data, 1)[1] == labels).sum().item()
    return loss / len(test_loader), correct / len(test_loader.dataset)


class FlowerClient(NumPyClient):
    def __init__(self, net, valloader):
        self.net = net
        self.valloader = valloader

    def evaluate(self, parameters, config):
        params_dict = zip(self.net.state_dict().keys(), parameters)
        self.net.load_state_dict(OrderedDict({k: torch.tensor(v) for k, v in params_dict}))
        loss, accuracy = test(self.net, self.valloader)
        return float(loss), len(self.valloader), {"accuracy": float(accuracy)}


def client_fn(context: Context):
    net = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 10))
    data = MNIST("data", train=False, transform=ToTensor())
    return FlowerClient(net, DataLoader(data, batch_size=32)).to_client()


app = ClientApp(client_fn)
