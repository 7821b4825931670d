"""Models and evaluation helpers shared by the client."""
import torch
import torch.nn as nn


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.LazyLinear(1)

    def forward(self, x):
        return torch.sigmoid(self.fc(x))


def evaluate(model, x):
    model.eval()
    with torch.no_grad():
        return model(x)
