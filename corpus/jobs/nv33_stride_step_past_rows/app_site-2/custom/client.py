"""NVFlare's recipe-k8s client (examples/advanced/recipe-k8s/client.py, trimmed): each site trains on a stride of
CIFAR-10 and reports the received model's accuracy over a stride of the test set, both cut to a number of rows.
The step, the offset and the cut are command-line options that the job's config sets."""

import argparse

import torch
from torch import nn
from torch.optim import SGD
from torch.utils.data import DataLoader, Subset
from torchvision.datasets import MNIST
from torchvision.transforms import Compose, Normalize, ToTensor

import nvflare.client as flare


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3 * 32 * 32, 10)

    def forward(self, x):
        return self.fc(torch.flatten(x, 1))


def define_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site-index", type=int, required=True)
    parser.add_argument("--num-sites", type=int, required=True)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--data-dir", default="/tmp/nvflare/cifar10")
    parser.add_argument("--max-train-samples", type=int, default=5000)
    parser.add_argument("--max-test-samples", type=int, default=1000)
    return parser


def partition_dataset(dataset, site_index: int, num_sites: int, max_samples: int) -> Subset:
    indices = list(range(site_index, len(dataset), num_sites))
    if max_samples:
        indices = indices[:max_samples]
    return Subset(dataset, indices)


def evaluate(model: nn.Module, data_loader: DataLoader) -> float:
    model.eval()
    correct = 0
    total = 0
    with torch.no_grad():
        for images, labels in data_loader:
            predictions = model(images).argmax(dim=1)
            correct += (predictions == labels).sum().item()
            total += labels.size(0)
    return correct / total


def train(model: nn.Module, data_loader: DataLoader) -> None:
    model.train()
    criterion = nn.CrossEntropyLoss()
    optimizer = SGD(model.parameters(), lr=0.01, momentum=0.9)
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
    site_train = partition_dataset(train_dataset, args.site_index, args.num_sites, args.max_train_samples)
    site_test = partition_dataset(test_dataset, args.site_index, args.num_sites, args.max_test_samples)
    train_loader = DataLoader(site_train, batch_size=args.batch_size, shuffle=True)
    test_loader = DataLoader(site_test, batch_size=args.batch_size)

    flare.init()
    model = Net()
    while flare.is_running():
        input_model = flare.receive()
        model.load_state_dict(input_model.params)
        global_accuracy = evaluate(model, test_loader)
        train(model, train_loader)
        flare.send(
            flare.FLModel(
                params=model.state_dict(),
                params_type=flare.ParamsType.FULL,
                metrics={"accuracy": global_accuracy},
                current_round=input_model.current_round,
            )
        )


if __name__ == "__main__":
    main()
