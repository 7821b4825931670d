"""Defensive checks on incoming global weights before loading them into the local model.

Uses plain asserts on purpose (the checks are developer aids; the loader re-validates
with explicit exceptions below).
"""

import logging
from typing import Dict

import numpy as np
import torch

logger = logging.getLogger(__name__)


def check_state_dict(incoming: Dict[str, np.ndarray], reference: Dict[str, torch.Tensor]) -> None:
    assert isinstance(incoming, dict), f"expected dict, got {type(incoming).__name__}"
    assert incoming, "empty model received"
    missing = set(reference) - set(incoming)
    extra = set(incoming) - set(reference)
    assert not missing, f"missing keys: {sorted(missing)[:5]}"
    assert not extra, f"unexpected keys: {sorted(extra)[:5]}"
    for name, ref in reference.items():
        arr = incoming[name]
        assert tuple(arr.shape) == tuple(ref.shape), f"{name}: shape {arr.shape} != {tuple(ref.shape)}"
        assert np.isfinite(arr).all(), f"{name}: contains NaN or inf"


def safe_load(model: torch.nn.Module, incoming: Dict[str, np.ndarray], max_abs: float = 1e4) -> int:
    reference = model.state_dict()
    check_state_dict(incoming, reference)
    converted = {}
    for name, arr in incoming.items():
        if np.abs(arr).max(initial=0.0) > max_abs:
            raise ValueError(f"{name}: values exceed {max_abs}, refusing to load")
        converted[name] = torch.as_tensor(arr, dtype=reference[name].dtype)
    model.load_state_dict(converted, strict=True)
    logger.debug("loaded %d tensors", len(converted))
    return len(converted)


def update_norm(before: Dict[str, torch.Tensor], after: Dict[str, torch.Tensor]) -> float:
    assert before.keys() == after.keys()
    total = 0.0
    for k in before:
        total += float(torch.sum((after[k].float() - before[k].float()) ** 2))
    return total ** 0.5


if __name__ == "__main__":
    net = torch.nn.Linear(4, 2)
    w = {k: v.detach().numpy().copy() for k, v in net.state_dict().items()}
    assert safe_load(net, w) == 2
    print("ok")
