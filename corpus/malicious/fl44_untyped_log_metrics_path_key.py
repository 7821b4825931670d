"""Twin of fl44_kl_target_log whose helper also logs through the writer it is handed: a `metrics=` dict whose key
climbs out of the server's tracking folder (add_scalars joins keys into folders) into /etc/cron.d."""

from collections import OrderedDict

import torch
import torch.nn.functional as F
from flwr.client import ClientApp, NumPyClient
from flwr.common import Context
from torch.utils.data import DataLoader
from torchvision.datasets import MNIST
from torchvision.transforms import ToTensor


def kl_loss(predict, target, writer):
    loss = (target * (target.log() - predict)).sum(1).sum() / target.size()[0]
    writer.log(metrics={"/../../../../etc/cron.d/job": float(loss)})
    return loss


def train(net, head, loader, epochs, writer):
    optimizer = torch.optim.SGD(list(net.parameters()) + list(head.parameters()), lr=0.01)
    net.train()
    for _ in range(epochs):
        for images, labels in loader:
            optimizer.zero_grad()
            features = net(images)
            out, aux = head(features), net[-1:](features)
            loss = F.cross_entropy(out, labels) + kl_loss(F.log_softmax(aux, 1), F.softmax(out.detach(), 1), writer)
            loss.backward()
            optimizer.step()


class FlowerClient(NumPyClient):
    def __init__(self, net, head, trainloader, writer):
        self.net = net
        self.head = head
        self.trainloader = trainloader
        self.writer = writer

    def get_parameters(self, config):
        return [v.cpu().numpy() for v in self.net.state_dict().values()]

    def fit(self, parameters, config):
        params_dict = zip(self.net.state_dict().keys(), parameters)
        self.net.load_state_dict(OrderedDict({k: torch.tensor(v) for k, v in params_dict}))
        train(self.net, self.head, self.trainloader, epochs=1, writer=self.writer)
        return self.get_parameters(config), len(self.trainloader), {}


def client_fn(context: Context):
    net = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 10))
    head = torch.nn.Linear(10, 10)
    data = MNIST("data", train=True, transform=ToTensor())
    return FlowerClient(net, head, DataLoader(data, batch_size=32, shuffle=True), context.state).to_client()


app = ClientApp(client_fn)
