"""Checkpoint helpers shared by the trainers."""
import torch


def keep(obj, dest):
    # The destination is a parameter: only the callers say where it goes.
    torch.save(obj, dest)
