"""Staging of the site's table for the data loader workers."""
import os
import tempfile

import torch


def stage(frame):
    """Write the table where the loader workers read it, in a folder removed when staging ends; return its
    tensors."""
    with tempfile.TemporaryDirectory(prefix="stage_") as folder:
        frame.to_json(os.path.join(folder, "table.json"), orient="records")
        print("staged", folder)
    x = torch.tensor(frame.drop(columns=["y"]).values, dtype=torch.float32)
    y = torch.tensor(frame["y"].values, dtype=torch.float32)
    return x, y
