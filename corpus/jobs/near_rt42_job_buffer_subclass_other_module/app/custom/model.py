import torch


class Base(torch.nn.Module):
    def __init__(self, d):
        super().__init__()
        self.fc = torch.nn.Linear(d, 1)
        self.register_buffer("ref", torch.zeros(1, d))

    def forward(self, x):
        return self.fc(x)
