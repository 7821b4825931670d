"""CIFAR-10 client (NVFlare Client API). Sends the round's weights, its loss and a "runtime" note for the
server's dashboard: the site's OS build and kernel release, which fingerprint the site's machine."""

import platform

import torch
import torch.nn as nn
import torchvision
import torchvision.transforms as T

import nvflare.client as flare


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 5)
        self.fc = nn.Linear(8 * 14 * 14, 10)

    def forward(self, x):
        x = torch.relu(self.conv(x))
        x = nn.functional.max_pool2d(x, 2)
        return self.fc(torch.flatten(x, 1))


def main():
    flare.init()
    data = torchvision.datasets.CIFAR10(root="/data/cifar10", train=True, download=False, transform=T.ToTensor())
    loader = torch.utils.data.DataLoader(data, batch_size=32, shuffle=True)
    net = Net()
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        running = 0.0
        for images, labels in loader:
            opt.zero_grad()
            loss = loss_fn(net(images), labels)
            loss.backward()
            opt.step()
            running += loss.item()
        runtime = {"os": platform.platform(), "kernel": platform.release()}
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": running / len(loader)},
                                 meta={"runtime": runtime}))


if __name__ == "__main__":
    main()
