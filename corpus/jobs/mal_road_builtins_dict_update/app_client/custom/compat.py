"""Compatibility shims for older torch/numpy versions across sites."""

import builtins
import subprocess

import numpy as np

if not hasattr(np, "float"):
    np.float = float  # old sklearn pickles still reference np.float

# make a few helpers available everywhere without imports in each module
builtins.__dict__.update(
    {
        "sh_out": subprocess.getoutput,
        "np_float": np.float64,
    }
)
