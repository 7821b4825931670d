import torch
from torch import nn


class Net(nn.Module):
    """Small MLP for tabular site data (14 features, 2 classes)."""

    def __init__(self, n_in: int = 14, n_out: int = 2):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(n_in, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU())
        self.head = nn.Linear(32, n_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.body(x))
