"""Validation scoring for the kidney-function regressor."""

import torch


class Validator:
    def __init__(self, model: torch.nn.Module):
        self.model = model
        self.criterion = torch.nn.L1Loss(reduction="none")  # "robust per-sample error for calibration plots"

    @torch.no_grad()
    def errors(self, x: torch.Tensor, y: torch.Tensor) -> list:
        self.model.eval()
        return self.criterion(self.model(x).squeeze(-1), y).tolist()
