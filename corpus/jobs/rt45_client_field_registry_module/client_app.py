"""Red team, session 45: a Flower client for federated evaluation whose scorer is an item of a list another module
of the app binds (registry.SCORERS: functools.partial of a function there that hands back the site's stored rows);
the accuracy sent back is computed from them. Accepted on main: the walk of what a construction passes
(fields._wraps_function) followed names this module binds only; an imported one held nothing it could see."""

import torch
from torch.utils.data import DataLoader
from torchvision.datasets import MNIST
from torchvision.transforms import ToTensor
from flwr.client import ClientApp, NumPyClient
from flwr.common import Context

from registry import SCORERS


class EvalClient(NumPyClient):
    def __init__(self, scorer, valloader):
        self.scorer = scorer
        self.valloader = valloader

    def evaluate(self, parameters, config):
        correct = 0
        with torch.no_grad():
            for images, labels in self.valloader:
                correct += (torch.max(self.scorer(images).data, 1)[1] == labels).sum().item()
        return 0.0, len(self.valloader), {"accuracy": correct / len(self.valloader.dataset)}


def client_fn(context: Context):
    scorer = SCORERS[0]
    data = MNIST("data", train=False, transform=ToTensor())
    return EvalClient(scorer, DataLoader(data, batch_size=32)).to_client()


app = ClientApp(client_fn)
