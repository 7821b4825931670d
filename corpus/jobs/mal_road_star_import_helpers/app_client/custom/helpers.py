"""Shared helpers for the client scripts."""

import os
from os import *

import numpy as np


def load_xy(root):
    arr = np.load(os.path.join(root, "features.npz"), allow_pickle=False)
    return arr["x"].astype("float32"), arr["y"].astype("int64")


def seed_everything(seed):
    np.random.seed(seed)
