"""Client API client that resumes from its own local checkpoint, loaded with weights_only=True."""

import os

import torch
import torchvision
from torch import nn

import nvflare.client as flare

CKPT = os.path.join("checkpoints", "local_last.pt")


def main():
    model = torchvision.models.resnet18(num_classes=4)
    if os.path.isfile(CKPT):
        model.load_state_dict(torch.load(CKPT, map_location="cpu", weights_only=True))
    tfm = torchvision.transforms.Compose([torchvision.transforms.Resize((224, 224)), torchvision.transforms.ToTensor()])
    ds = torchvision.datasets.ImageFolder(os.environ.get("DATA_ROOT", "/data/brain_mri"), transform=tfm)
    loader = torch.utils.data.DataLoader(ds, batch_size=16, shuffle=True)
    os.makedirs("checkpoints", exist_ok=True)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.Adam(model.parameters(), lr=1e-4)
        model.train()
        for xb, yb in loader:
            opt.zero_grad()
            nn.functional.cross_entropy(model(xb), yb).backward()
            opt.step()
        torch.save(model.state_dict(), CKPT)
        flare.send(flare.FLModel(params=model.state_dict(), meta={"NUM_STEPS_CURRENT_ROUND": len(loader)}))


if __name__ == "__main__":
    main()
