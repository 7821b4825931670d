"""Loading of the site's split from the local data root."""

import os

import pandas as pd
import torch
from torch.utils.data import TensorDataset


def load_split(subdir, split):
    root = os.environ.get("DATA_ROOT", "/data")
    df = pd.read_csv(os.path.join(root, subdir, f"{split}.csv"))
    y = torch.tensor(df.pop("label").values, dtype=torch.long)
    x = torch.tensor(df.values, dtype=torch.float32)
    x = (x - x.mean(0)) / (x.std(0) + 1e-6)
    return TensorDataset(x, y)
