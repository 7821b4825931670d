import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self, n_in=8, n_out=2):
        super().__init__()
        self.fc1 = nn.Linear(n_in, 16)
        self.fc2 = nn.Linear(16, n_out)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))
