"""Twin of the rt41a getattr samples: a model that reaches its own layers by computed names, a function's name
read by getattr, and a bound method called through a name."""

import logging

import torch
import nvflare.client as flare

logging.basicConfig(level=logging.INFO)
log = logging.getLogger("fl.client")


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.depth = 3
        self.fc0 = torch.nn.Linear(4, 4)
        self.fc1 = torch.nn.Linear(4, 4)
        self.fc2 = torch.nn.Linear(4, 4)

    def forward(self, x):
        for i in range(self.depth):
            x = torch.relu(getattr(self, f"fc{i}")(x))
        return x


def train_round(net, model):
    net.load_state_dict(model.params)


flare.init()
net = Net()
step = net.forward
log.info("%s: %s", getattr(train_round, "__name__"), step(torch.zeros(1, 4)).shape)
while flare.is_running():
    model = flare.receive()
    train_round(net, model)
    flare.send(flare.FLModel(params=net.state_dict()))
