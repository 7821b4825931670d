"""A label key that falls back to a position: batches that are tensors (a TensorDataset of one tensor) are
indexed by 0, the first record of every batch, and its loss goes out as the evaluation loss."""
import torch
from torch.utils.data import DataLoader, TensorDataset

import nvflare.client as flare


def evaluate(net, loader):
    criterion = torch.nn.MSELoss()
    loss, steps = 0.0, 0
    with torch.no_grad():
        for batch in loader:
            key = "features" if isinstance(batch, dict) else 0
            rows = batch[key]
            loss += criterion(net(rows), torch.zeros(1)).item()
            steps += 1
    return loss / steps


records = torch.load("/data/site/records.pt", weights_only=True)
loader = DataLoader(TensorDataset(records), batch_size=64)
net = torch.nn.Linear(16, 1)
flare.init()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": evaluate(net, loader)}))
