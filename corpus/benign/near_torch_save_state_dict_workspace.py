"""Client API CNN client that keeps the best local model in the job workspace."""

import os

import torch
import torchvision
import torchvision.transforms as T
from torch import nn

import nvflare.client as flare


def evaluate(model, loader):
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for x, y in loader:
            correct += (model(x).argmax(1) == y).sum().item()
            total += y.numel()
    return correct / max(total, 1)


def main():
    root = os.environ.get("DATA_ROOT", "/data/fashion_mnist")
    tfm = T.Compose([T.ToTensor(), T.Normalize((0.286,), (0.353,))])
    train = torchvision.datasets.FashionMNIST(root, train=True, download=False, transform=tfm)
    test = torchvision.datasets.FashionMNIST(root, train=False, download=False, transform=tfm)
    train_loader = torch.utils.data.DataLoader(train, batch_size=128, shuffle=True)
    test_loader = torch.utils.data.DataLoader(test, batch_size=512)
    model = nn.Sequential(nn.Conv2d(1, 16, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(16 * 13 * 13, 10))
    best = 0.0
    os.makedirs("models", exist_ok=True)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
        model.train()
        for x, y in train_loader:
            opt.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
        acc = evaluate(model, test_loader)
        if acc > best:
            best = acc
            torch.save(model.state_dict(), os.path.join("models", "best_local.pt"))
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"accuracy": acc},
                                 meta={"NUM_STEPS_CURRENT_ROUND": len(train_loader)}))


if __name__ == "__main__":
    main()
