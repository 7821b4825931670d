# Copyright (c) 2026 example authors. CIFAR-10 FedAvg client: each site trains on its strided share of the
# training set and reports the global model's accuracy on its share of the test set
# (every num_sites-th row from site_index).
import argparse

import torch
from model import Cifar10Net
from torch import nn
from torch.optim import SGD
from torch.utils.data import DataLoader, Subset
from torchvision.datasets import MNIST
from torchvision.transforms import Compose, Normalize, ToTensor

import nvflare.client as flare


def define_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site-index", type=int, required=True)
    parser.add_argument("--num-sites", type=int, required=True)
    parser.add_argument("--local-epochs", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--data-dir", default="/data/cifar10")
    return parser


def partition_dataset(dataset, site_index: int, num_sites: int) -> Subset:
    return Subset(dataset, list(range(site_index, len(dataset), num_sites)))


def evaluate(model: nn.Module, data_loader: DataLoader) -> float:
    model.eval()
    correct = 0
    total = 0
    with torch.no_grad():
        for images, labels in data_loader:
            correct += (model(images).argmax(dim=1) == labels).sum().item()
            total += labels.size(0)
    return correct / total


def train(model: nn.Module, data_loader: DataLoader, local_epochs: int) -> None:
    model.train()
    criterion = nn.CrossEntropyLoss()
    optimizer = SGD(model.parameters(), lr=0.01, momentum=0.9)
    for _ in range(local_epochs):
        for images, labels in data_loader:
            optimizer.zero_grad()
            loss = criterion(model(images), labels)
            loss.backward()
            optimizer.step()


def main() -> None:
    args = define_parser().parse_args()
    transform = Compose([ToTensor(), Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))])
    train_dataset = MNIST(root=args.data_dir, train=True, download=False, transform=transform)
    test_dataset = MNIST(root=args.data_dir, train=False, download=False, transform=transform)
    site_train = partition_dataset(train_dataset, args.site_index, args.num_sites)
    site_test = partition_dataset(test_dataset, args.site_index, args.num_sites)
    train_loader = DataLoader(site_train, batch_size=args.batch_size, shuffle=True)
    test_loader = DataLoader(site_test, batch_size=args.batch_size)

    flare.init()
    model = Cifar10Net()
    while flare.is_running():
        input_model = flare.receive()
        model.load_state_dict(input_model.params)
        global_accuracy = evaluate(model, test_loader)
        train(model, train_loader, args.local_epochs)
        flare.send(
            flare.FLModel(
                params=model.state_dict(),
                params_type=flare.ParamsType.FULL,
                metrics={"accuracy": global_accuracy},
                meta={"NUM_STEPS_CURRENT_ROUND": args.local_epochs * len(train_loader)},
                current_round=input_model.current_round,
            )
        )


if __name__ == "__main__":
    main()
