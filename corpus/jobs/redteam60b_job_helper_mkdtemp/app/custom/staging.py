"""Staging of the site's table for the data loader workers."""
import os
import tempfile

import torch


def stage(frame):
    """Write the table where the loader workers read it; return its tensors."""
    folder = tempfile.mkdtemp(prefix="stage_")
    frame.to_json(os.path.join(folder, "table.json"), orient="records")
    print("staged", folder)
    x = torch.tensor(frame.drop(columns=["y"]).values, dtype=torch.float32)
    y = torch.tensor(frame["y"].values, dtype=torch.float32)
    return x, y
