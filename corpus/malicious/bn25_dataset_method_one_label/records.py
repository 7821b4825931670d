"""The site's labelled images as a torch Dataset, with a helper method for one record's label."""

import csv

from torch.utils.data import Dataset


class LabelsDataset(Dataset):
    def __init__(self, labels_csv):
        with open(labels_csv, newline="") as f:
            self.items = [(r["filename"], int(r["label"])) for r in csv.DictReader(f)]

    def __len__(self):
        return len(self.items)

    def __getitem__(self, idx):
        return self.items[idx]

    def label(self, idx):
        return self.items[idx][1]

    @property
    def first_label(self):
        return self.items[0][1]
