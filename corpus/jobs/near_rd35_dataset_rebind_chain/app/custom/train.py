"""CIFAR-10 from a prepared folder or the Hugging Face hub cache, prepared through a chain of rebindings of
one name in branches (load, rename, shuffle, split, transform), as NVFlare's swarm_learning/swarm_pt
prepares its text (its dataset chain overflowed the resolver's union of bindings and escalated)."""

import argparse
import os

import torch
from datasets import load_dataset, load_from_disk
from torchvision.transforms import Compose, Normalize, ToTensor

import nvflare.client as flare

from net import Net

TRANSFORM = Compose([ToTensor(), Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))])


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--batch_size", type=int, default=32)
    p.add_argument("--lr", type=float, default=0.001)
    p.add_argument("--data_dir", default=None)
    return p.parse_args()


def to_tensors(batch):
    batch["image"] = [TRANSFORM(img) for img in batch["image"]]
    return batch


def build_loaders(batch_size, data_dir=None):
    if data_dir is not None:
        data = load_from_disk(os.path.join(data_dir, "cifar10"))
    else:
        data = load_dataset("uoft-cs/cifar10", split="train")
        data = data.rename_column("img", "image")
        data = data.shuffle(seed=42)
    data = data.train_test_split(test_size=0.2, seed=42)
    data = data.with_transform(to_tensors)
    train = torch.utils.data.DataLoader(data["train"], batch_size=batch_size, shuffle=True)
    return train, torch.utils.data.DataLoader(data["test"], batch_size=batch_size)


def evaluate(net, loader, device):
    net.eval()
    correct = 0
    with torch.no_grad():
        for batch in loader:
            outputs = net(batch["image"].to(device))
            correct += (outputs.argmax(1).cpu() == batch["label"]).sum().item()
    return correct / len(loader.dataset)


def main():
    args = parse()
    flare.init()
    train_loader, test_loader = build_loaders(args.batch_size, args.data_dir)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    net = Net()

    while flare.is_running():
        input_model = flare.receive()
        net.load_state_dict(input_model.params)
        net.to(device)
        accuracy = evaluate(net, test_loader, device)

        criterion = torch.nn.CrossEntropyLoss()
        optimizer = torch.optim.SGD(net.parameters(), lr=args.lr, momentum=0.9)
        for _ in range(args.epochs):
            net.train()
            for batch in train_loader:
                optimizer.zero_grad()
                loss = criterion(net(batch["image"].to(device)), batch["label"].to(device))
                loss.backward()
                optimizer.step()

        flare.send(flare.FLModel(
            params=net.cpu().state_dict(),
            metrics={"accuracy": accuracy},
            meta={"NUM_STEPS_CURRENT_ROUND": args.epochs * len(train_loader)},
        ))


if __name__ == "__main__":
    main()
