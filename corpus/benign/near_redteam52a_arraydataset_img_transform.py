"""Twin of redteam52a_arraydataset_img_transform: the img_transform is MONAI's LoadImage and ScaleIntensity: accepted."""

import pandas as pd
import torch
import torchvision
import glob
import monai
import numpy as np
import PIL.Image
import nvflare.client as flare

site = pd.read_csv("/data/site/patients.csv")


def main():
    flare.init()
    ds = monai.data.ArrayDataset(img=sorted(glob.glob("/data/site/img/*.nii.gz")), img_transform=monai.transforms.Compose([monai.transforms.LoadImage(image_only=True), monai.transforms.ScaleIntensity()]))
    loader = torch.utils.data.DataLoader(ds, batch_size=32)
    while flare.is_running():
        model = flare.receive()
        total = 0.0
        for x, y in loader:
            total += float(x.sum())
        flare.send(flare.FLModel(params=model.params, metrics={"score": total / len(ds)}))


if __name__ == "__main__":
    main()
