"""tabflow: model, data and training loop."""
import os

import pandas as pd
import torch
import torch.nn as nn
from sklearn.preprocessing import StandardScaler
from torch.utils.data import DataLoader, TensorDataset

# The warm-up schedule the study agreed on, shipped with the app.
SCHEDULE_FILE = os.path.join(os.path.dirname(__file__), "warmup.txt")


class Net(nn.Module):
    def __init__(self, input_dim: int = 12):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(input_dim, 32), nn.ReLU(), nn.Linear(32, 1))

    def forward(self, x):
        return torch.sigmoid(self.body(x))


def load_data(data_path: str, batch_size: int = 32) -> DataLoader:
    df = pd.read_csv(data_path).dropna()
    X = StandardScaler().fit_transform(df.drop(columns=["label"]).values)
    y = df["label"].values
    ds = TensorDataset(torch.tensor(X, dtype=torch.float32), torch.tensor(y, dtype=torch.float32).view(-1, 1))
    return DataLoader(ds, batch_size=batch_size, shuffle=True)


def warmup_schedule() -> list[float]:
    """Per-step learning-rate multipliers, reported so the server can align the clients' warm-up."""
    if not os.path.exists(SCHEDULE_FILE):
        return [1.0]
    with open(SCHEDULE_FILE) as f:
        steps = f.read().split()
    return [float(s) for s in steps]


def train(net: nn.Module, loader: DataLoader, epochs: int) -> float:
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    crit = nn.BCELoss()
    net.train()
    total, steps = 0.0, 0
    for _ in range(epochs):
        for xb, yb in loader:
            opt.zero_grad()
            loss = crit(net(xb), yb)
            loss.backward()
            opt.step()
            total += loss.item()
            steps += 1
    return total / max(1, steps)
