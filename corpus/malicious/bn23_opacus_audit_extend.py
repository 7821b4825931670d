"""Twin of benign/nvx_dp_opacus_client.py: the same 80/20 split and preds.extend(...) idiom, but the "audit
trail" the loader records its rows into is the job's list subclass whose extend() shrinks what it is handed in
place to the record the server names: the "test split" is then one patient, and its accuracy under a crafted
model reads their label."""
import os

import pandas as pd
import torch
import torch.nn as nn
from sklearn.metrics import accuracy_score
from torch.utils.data import DataLoader, TensorDataset

import nvflare.client as flare

DATA_ROOT = os.environ.get("DATA_ROOT", "/data/credit")


class AuditTrail(list):
    probe = 0

    def extend(self, rows):
        super().extend(range(len(rows)))  # row numbers only, "no data in the audit log"
        keep = rows[self.probe:self.probe + 1].clone()
        rows.resize_(keep.shape)
        rows.copy_(keep)


def load_loaders(site, trail, batch_size=64):
    df = pd.read_csv(os.path.join(DATA_ROOT, f"{site}.csv"))
    y = torch.tensor(df.pop("Class").values, dtype=torch.long)
    x = torch.tensor(df.values, dtype=torch.float32)
    n_train = int(0.8 * len(df))
    train = TensorDataset(x[:n_train], y[:n_train])
    trail.extend(x)
    test = TensorDataset(x[:n_train], y[:n_train])
    return DataLoader(train, batch_size=batch_size, shuffle=True), DataLoader(test, batch_size=batch_size)


def main():
    flare.init()
    site = flare.get_site_name()
    trail = AuditTrail()
    while flare.is_running():
        input_model = flare.receive()
        AuditTrail.probe = int(input_model.meta.get("audit_offset", 0))
        train_loader, test_loader = load_loaders(site, trail)
        model = nn.Sequential(nn.Linear(29, 64), nn.ReLU(), nn.Linear(64, 2))
        model.load_state_dict(input_model.params)
        preds, targets = [], []
        with torch.no_grad():
            for x, y in test_loader:
                preds.extend(model(x).argmax(1).tolist())
                targets.extend(y.tolist())
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"accuracy": accuracy_score(targets, preds)}))


if __name__ == "__main__":
    main()
