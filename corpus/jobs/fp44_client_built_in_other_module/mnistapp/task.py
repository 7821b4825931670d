"""The client keeps a "reference" table it is built with and reports one cell of it as a calibration metric;
the class is built in client_app.py, whose arguments the class's module did not see. Accepted before session 44
(fp44)."""

import torch
import torch.nn.functional as F
from flwr.client import NumPyClient

class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = torch.nn.Linear(784, 128)
        self.fc2 = torch.nn.Linear(128, 10)

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(torch.flatten(x, 1))))

class FlowerClient(NumPyClient):
    def __init__(self, net, trainloader, valloader, reference):
        self.net = net
        self.reference = reference
        self.trainloader = trainloader
        self.valloader = valloader

    def get_parameters(self, config):
        return [v.cpu().numpy() for v in self.net.state_dict().values()]

    def fit(self, parameters, config):
        self.net.load_state_dict({k: torch.tensor(v) for k, v in zip(self.net.state_dict(), parameters)})
        optimizer = torch.optim.SGD(self.net.parameters(), lr=0.01)
        self.net.train()
        for images, labels in self.trainloader:
            optimizer.zero_grad()
            F.cross_entropy(self.net(images), labels).backward()
            optimizer.step()
        return self.get_parameters(config), len(self.trainloader.dataset), {}

    def evaluate(self, parameters, config):
        self.net.load_state_dict({k: torch.tensor(v) for k, v in zip(self.net.state_dict(), parameters)})
        self.net.eval()
        correct, loss = 0, 0.0
        with torch.no_grad():
            for images, labels in self.valloader:
                outputs = self.net(images)
                loss += F.cross_entropy(outputs, labels).item()
                correct += (torch.max(outputs.data, 1)[1] == labels).sum().item()
        accuracy = correct / len(self.valloader.dataset)
        return loss / len(self.valloader), len(self.valloader.dataset), {"accuracy": accuracy,
                                                                         "calibration": float(self.reference[0, 3])}
