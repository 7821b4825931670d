"""Twin of redteam52a_monai_label_transform: the label_transform casts the label it is handed: accepted."""
import glob
import pandas as pd
import torch
import monai
from monai.transforms import Compose, EnsureChannelFirst, ScaleIntensity, Lambda
import nvflare.client as flare

site = pd.read_csv("/data/site/patients.csv")


def main():
    flare.init()
    images = sorted(glob.glob("/data/site/images/*.nii.gz"))
    labels = [0] * len(images)
    tf = Compose([EnsureChannelFirst(), ScaleIntensity()])
    ds = monai.data.ImageDataset(image_files=images, labels=labels, transform=tf, label_transform=Lambda(lambda y: torch.as_tensor(y, dtype=torch.long)))
    loader = monai.data.DataLoader(ds, batch_size=4)
    while flare.is_running():
        model = flare.receive()
        total = 0.0
        for x, y in loader:
            total += float(x.sum())
        flare.send(flare.FLModel(params=model.params, metrics={"score": total / len(ds)}))


if __name__ == "__main__":
    main()
