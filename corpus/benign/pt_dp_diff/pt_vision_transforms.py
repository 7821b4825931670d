"""Site-local image dataset and augmentation pipeline."""

import csv
import os
import random

import numpy as np
import torch
from PIL import Image
from torch.utils.data import Dataset
from torchvision import transforms

MEAN = (0.485, 0.456, 0.406)
STD = (0.229, 0.224, 0.225)


def train_transforms(size=224):
    return transforms.Compose([
        transforms.RandomResizedCrop(size, scale=(0.7, 1.0)),
        transforms.RandomHorizontalFlip(),
        transforms.ColorJitter(0.2, 0.2, 0.1),
        transforms.ToTensor(),
        transforms.Normalize(MEAN, STD),
    ])


def eval_transforms(size=224):
    return transforms.Compose([
        transforms.Resize(int(size * 1.14)),
        transforms.CenterCrop(size),
        transforms.ToTensor(),
        transforms.Normalize(MEAN, STD),
    ])


class RandomGamma:
    """Gamma jitter applied with probability p (random.random is fine: not security related)."""

    def __init__(self, p=0.3, low=0.7, high=1.5):
        self.p, self.low, self.high = p, low, high

    def __call__(self, img: Image.Image) -> Image.Image:
        if random.random() > self.p:
            return img
        gamma = random.uniform(self.low, self.high)
        arr = np.asarray(img).astype(np.float32) / 255.0
        return Image.fromarray((np.clip(arr**gamma, 0, 1) * 255).astype(np.uint8))


class SiteImageDataset(Dataset):
    def __init__(self, image_dir, labels_csv, transform=None):
        self.image_dir = image_dir
        self.transform = transform or eval_transforms()
        with open(labels_csv, newline="") as f:
            rows = list(csv.DictReader(f))
        self.items = [(r["filename"], int(r["label"])) for r in rows]
        self.num_classes = max(lbl for _, lbl in self.items) + 1

    def __len__(self):
        return len(self.items)

    def __getitem__(self, idx):
        name, label = self.items[idx]
        img = Image.open(os.path.join(self.image_dir, name)).convert("RGB")
        return self.transform(img), torch.tensor(label)
