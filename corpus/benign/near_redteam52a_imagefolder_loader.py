"""Twin of redteam52a_imagefolder_loader: torchvision's own default_loader opens each image: accepted."""

import pandas as pd
import torch
import torchvision
import glob
import monai
import nvflare.client as flare

site = pd.read_csv("/data/site/patients.csv")


def main():
    flare.init()
    ds = torchvision.datasets.ImageFolder("/data/site/images", loader=torchvision.datasets.folder.default_loader, transform=torchvision.transforms.ToTensor())
    loader = torch.utils.data.DataLoader(ds, batch_size=32)
    while flare.is_running():
        model = flare.receive()
        total = 0.0
        for x, y in loader:
            total += float(x.sum())
        flare.send(flare.FLModel(params=model.params, metrics={"score": total / len(ds)}))


if __name__ == "__main__":
    main()
