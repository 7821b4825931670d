"""Early stopping and best-checkpoint tracking for local training."""

import logging
import math
import os

import torch

logger = logging.getLogger(__name__)


class EarlyStopping:
    def __init__(self, patience: int = 5, min_delta: float = 0.0, mode: str = "max", ckpt_dir: str = "./checkpoints"):
        if mode not in ("min", "max"):
            raise ValueError(f"mode must be 'min' or 'max', got {mode!r}")
        self.patience = patience
        self.min_delta = min_delta
        self.mode = mode
        self.best = -math.inf if mode == "max" else math.inf
        self.bad_epochs = 0
        self.ckpt_dir = ckpt_dir
        os.makedirs(ckpt_dir, exist_ok=True)

    def _improved(self, value: float) -> bool:
        if self.mode == "max":
            return value > self.best + self.min_delta
        return value < self.best - self.min_delta

    def step(self, value: float, model: torch.nn.Module, epoch: int) -> bool:
        """Record a metric; returns True when training should stop."""
        if self._improved(value):
            self.best = value
            self.bad_epochs = 0
            path = os.path.join(self.ckpt_dir, "best_local.pt")
            torch.save({"epoch": epoch, "metric": value, "state_dict": model.state_dict()}, path)
            logger.info("epoch %d: new best %.4f, saved %s", epoch, value, path)
            return False
        self.bad_epochs += 1
        logger.info("epoch %d: no improvement (%d/%d)", epoch, self.bad_epochs, self.patience)
        return self.bad_epochs >= self.patience

    def restore_best(self, model: torch.nn.Module) -> float:
        path = os.path.join(self.ckpt_dir, "best_local.pt")
        if not os.path.exists(path):
            return self.best
        ckpt = torch.load(path, map_location="cpu", weights_only=True)
        model.load_state_dict(ckpt["state_dict"])
        return float(ckpt["metric"])
