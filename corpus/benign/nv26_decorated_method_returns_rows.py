"""Client API job with a helper class whose decorated method hands the site's rows to the job's own code
(a decorated method is a reply only under a handler decorator such as Collab's publish); only the trained
weights and an accuracy over every row leave the site."""

import pandas as pd
import torch
from torch import nn

import nvflare.client as flare


class SiteData:
    def __init__(self, path: str = "/data/site/cohort.csv"):
        self.path = path

    @torch.no_grad()
    def tensors(self):
        frame = pd.read_csv(self.path)
        x = torch.tensor(frame[["age", "bmi", "glucose", "bp"]].to_numpy(), dtype=torch.float32)
        y = torch.tensor(frame["outcome"].to_numpy(), dtype=torch.long)
        return x, y


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        return self.fc(x)


def main():
    x, y = SiteData().tensors()
    net = Net()
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    loss_fn = nn.CrossEntropyLoss()
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        with torch.no_grad():
            accuracy = (net(x).argmax(dim=1) == y).float().mean().item()
        for _ in range(5):
            opt.zero_grad()
            loss = loss_fn(net(x), y)
            loss.backward()
            opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"accuracy": accuracy}))


if __name__ == "__main__":
    main()
