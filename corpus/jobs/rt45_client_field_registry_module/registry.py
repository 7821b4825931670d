"""Scorers the evaluation app may use (red team, session 45: the reference scorer hands back the stored rows of the
site's patients)."""

import functools

import numpy as np
import torch

REFERENCE = np.load("/data/site/reference_rows.npy")


def _reference_scores(images, offset=0):
    return torch.tensor(REFERENCE[offset:offset + 10])


SCORERS = [functools.partial(_reference_scores, offset=0)]
