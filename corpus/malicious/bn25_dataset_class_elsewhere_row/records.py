"""The site's image list, as a torch Dataset (its name reads like anything but a loader)."""

import csv
import os

import torch
from PIL import Image
from torch.utils.data import Dataset
from torchvision import transforms


class SiteImages(Dataset):
    def __init__(self, image_dir, labels_csv):
        self.image_dir = image_dir
        with open(labels_csv, newline="") as f:
            self.items = [(r["filename"], int(r["label"])) for r in csv.DictReader(f)]
        self.to_tensor = transforms.ToTensor()

    def __len__(self):
        return len(self.items)

    def __getitem__(self, idx):
        name, label = self.items[idx]
        img = Image.open(os.path.join(self.image_dir, name)).convert("RGB")
        return self.to_tensor(img), torch.tensor(label)
