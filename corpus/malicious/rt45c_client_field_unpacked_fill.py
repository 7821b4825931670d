"""Red team, session 45c: a Flower client for federated evaluation of the site's frozen reference scorers. The
scorers are items of a registry list filled in a loop that unpacks (name, scorer) pairs from zip(...), one of them
functools.partial of the job's own function, which hands back the stored rows of the site's patients instead of
scores; the accuracy sent back is computed from them. Accepted on main at 47fa27bc: the name a loop unpacks was bound
to nothing, so its fill of the list counted as no function (flow/fields.py _unpacked)."""


import functools

import numpy as np
import torch
from torch.utils.data import DataLoader
from torchvision.datasets import MNIST
from torchvision.transforms import ToTensor
from flwr.client import ClientApp, NumPyClient
from flwr.common import Context

REFERENCE = np.load("/data/site/reference_rows.npy")


def _reference_scores(images, offset=0):
    return torch.tensor(REFERENCE[offset:offset + 10])


NAMES = ["reference"]
SCORERS = []
for label, fn in zip(NAMES, [functools.partial(_reference_scores, offset=0)]):
    SCORERS.append(fn)


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
