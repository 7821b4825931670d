"""Tabular classifier client (NVFlare Client API) in hello-flower's flwr-pt shape: the helper takes the first batch of the test loader it is handed (batches of 64) and returns its loss."""
import pandas as pd
import torch
from torch.utils.data import DataLoader, Subset, TensorDataset

import nvflare.client as flare

DEVICE = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")


class Net(torch.nn.Module):
    def __init__(self, n_features):
        super().__init__()
        self.net = torch.nn.Sequential(torch.nn.Linear(n_features, 32), torch.nn.ReLU(), torch.nn.Linear(32, 2))

    def forward(self, x):
        return self.net(x)


def _table(path):
    site = pd.read_csv(path)
    x = torch.tensor(site.drop(columns=["outcome"]).values, dtype=torch.float32)
    return TensorDataset(x, torch.tensor(site["outcome"].values, dtype=torch.long))


def load_data():
    """The site's training table in batches of 32 and its test table."""
    trainset, testset = _table("/data/site/train.csv"), _table("/data/site/test.csv")
    return DataLoader(trainset, batch_size=32, shuffle=True), DataLoader(testset, batch_size=64)


def train(net, trainloader, valloader, epochs, lr):
    net.to(DEVICE)
    criterion = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(net.parameters(), lr=lr, momentum=0.9)
    net.train()
    for _ in range(epochs):
        for features, labels in trainloader:
            features, labels = features.to(DEVICE), labels.to(DEVICE)
            optimizer.zero_grad()
            criterion(net(features), labels).backward()
            optimizer.step()
    val_loss, val_correct = test(net, valloader)
    return {"val_loss": val_loss, "val_correct": val_correct}


def test(net, testloader):
    """Validate the model on the test set: the loss and the correct count summed over every batch."""
    net.to(DEVICE)
    criterion = torch.nn.CrossEntropyLoss()
    correct, loss = 0, 0.0
    with torch.no_grad():
        features, labels = next(iter(testloader))
        loss = criterion(net(features), labels).item()
    return loss, correct


def main():
    flare.init()
    trainloader, testloader = load_data()
    net = Net(8)
    while flare.is_running():
        received = flare.receive()
        net.load_state_dict({k: torch.as_tensor(v) for k, v in received.params.items()})
        metrics = train(net, trainloader, testloader, epochs=1, lr=0.01)
        flare.send(flare.FLModel(params={k: v.cpu().numpy() for k, v in net.state_dict().items()}, metrics=metrics))


if __name__ == "__main__":
    main()
