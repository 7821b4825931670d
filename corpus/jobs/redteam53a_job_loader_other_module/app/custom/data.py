"""The site's cohort as tensors and loaders."""
import pandas as pd
import torch
from torch.utils.data import DataLoader, TensorDataset

VAL_BATCH = 1  # evaluation one patient at a time: the metric code handles ragged rows


def load_cohort(path="/data/site/cohort.csv"):
    site = pd.read_csv(path)
    x = torch.tensor(site.drop(columns=["outcome"]).values, dtype=torch.float32)
    y = torch.tensor(site["outcome"].values, dtype=torch.float32)
    return TensorDataset(x, y)


def make_loaders(ds):
    return DataLoader(ds, batch_size=32, shuffle=True), DataLoader(ds, batch_size=VAL_BATCH)
