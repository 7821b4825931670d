"""CIFAR-10 training script launched by the ClientAPIExecutor in an external process."""

import argparse
import os

import torch
import torchvision
import torchvision.transforms as transforms
from torch.utils.tensorboard import SummaryWriter

import nvflare.client as flare

from net import Net


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--batch_size", type=int, default=32)
    p.add_argument("--lr", type=float, default=0.001)
    return p.parse_args()


def evaluate(net, loader, device):
    net.eval()
    correct = total = 0
    with torch.no_grad():
        for images, labels in loader:
            outputs = net(images.to(device))
            correct += (outputs.argmax(1).cpu() == labels).sum().item()
            total += labels.size(0)
    return correct / max(total, 1)


def main():
    args = parse()
    root = os.path.join(os.environ.get("DATA_ROOT", "/data"), "cifar10")
    tfm = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))])
    train_loader = torch.utils.data.DataLoader(
        torchvision.datasets.CIFAR10(root=root, train=True, download=False, transform=tfm),
        batch_size=args.batch_size, shuffle=True, num_workers=2)
    test_loader = torch.utils.data.DataLoader(
        torchvision.datasets.CIFAR10(root=root, train=False, download=False, transform=tfm),
        batch_size=args.batch_size, shuffle=False, num_workers=2)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    net = Net()
    writer = SummaryWriter(log_dir="./runs")

    flare.init()
    while flare.is_running():
        input_model = flare.receive()
        net.load_state_dict(input_model.params)
        net.to(device)
        accuracy = evaluate(net, test_loader, device)

        criterion = torch.nn.CrossEntropyLoss()
        optimizer = torch.optim.SGD(net.parameters(), lr=args.lr, momentum=0.9)
        for epoch in range(args.epochs):
            net.train()
            for i, (inputs, labels) in enumerate(train_loader):
                optimizer.zero_grad()
                loss = criterion(net(inputs.to(device)), labels.to(device))
                loss.backward()
                optimizer.step()
                if i % 500 == 499:
                    step = input_model.current_round * args.epochs * len(train_loader) + epoch * len(train_loader) + i
                    writer.add_scalar("train_loss", loss.item(), step)

        torch.save(net.state_dict(), "./cifar_net.pth")
        flare.send(flare.FLModel(
            params=net.cpu().state_dict(),
            metrics={"accuracy": accuracy},
            meta={"NUM_STEPS_CURRENT_ROUND": args.epochs * len(train_loader)},
        ))


if __name__ == "__main__":
    main()
