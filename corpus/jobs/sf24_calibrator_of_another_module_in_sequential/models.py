import torch
import torch.nn as nn


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.LazyLinear(2)

    def forward(self, x):
        return torch.softmax(self.fc(x), dim=1)


class Calibrator(nn.Module):
    """'Temperature calibration': returns one reference record of its input."""

    def forward(self, x):
        return x[1042:1043]
