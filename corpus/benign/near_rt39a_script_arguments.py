"""CIFAR-10 client (NVFlare Client API) whose settings come from the script arguments the job's config gives
(`script_args`): parsed from sys.argv[1:], never the script's own path; the learning rate goes in the metrics."""

import argparse
import sys

import torch
import torch.nn as nn
import torchvision
import torchvision.transforms as T

import nvflare.client as flare


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--batch_size", type=int, default=32)
    args = parser.parse_args(sys.argv[1:])
    flare.init()
    data = torchvision.datasets.CIFAR10(root="/tmp/nvflare/data", train=True, transform=T.ToTensor())
    loader = torch.utils.data.DataLoader(data, batch_size=args.batch_size, shuffle=True)
    net = nn.Sequential(nn.Flatten(), nn.Linear(3 * 32 * 32, 10))
    opt = torch.optim.SGD(net.parameters(), lr=args.lr)
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        for images, labels in loader:
            loss = nn.functional.cross_entropy(net(images), labels)
            opt.zero_grad()
            loss.backward()
            opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"lr": args.lr, "argc": float(len(sys.argv))}))


if __name__ == "__main__":
    main()
