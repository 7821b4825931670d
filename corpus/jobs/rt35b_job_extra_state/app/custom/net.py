"""Tabular MLP whose input normalisation travels with its weights (torch's extra state)."""

import torch


class Net(torch.nn.Module):
    def __init__(self, n_features: int):
        super().__init__()
        self.body = torch.nn.Sequential(torch.nn.Linear(n_features, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1))
        self.norm = None

    def forward(self, x):
        return self.body(x)

    def calibrate(self, reference):
        self.norm = reference

    def get_extra_state(self):
        return {"norm": self.norm}

    def set_extra_state(self, state):
        self.norm = state["norm"]
