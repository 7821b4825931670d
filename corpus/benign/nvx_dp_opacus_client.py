"""Differentially private tabular client (opacus): privacy budget and noise multiplier in the log."""
import os

import pandas as pd
import torch
import torch.nn as nn
from opacus import PrivacyEngine
from sklearn.metrics import accuracy_score
from torch.utils.data import DataLoader, TensorDataset

import nvflare.client as flare

DATA_ROOT = os.environ.get("DATA_ROOT", "/data/credit")


def load_loaders(site, batch_size=64):
    df = pd.read_csv(os.path.join(DATA_ROOT, f"{site}.csv"))
    y = torch.tensor(df.pop("Class").values, dtype=torch.long)
    x = torch.tensor(df.values, dtype=torch.float32)
    n_train = int(0.8 * len(df))
    train = TensorDataset(x[:n_train], y[:n_train])
    test = TensorDataset(x[n_train:], y[n_train:])
    return DataLoader(train, batch_size=batch_size, shuffle=True), DataLoader(test, batch_size=batch_size)


def main():
    flare.init()
    site = flare.get_site_name()
    train_loader, test_loader = load_loaders(site)
    print(f"{site}: {len(train_loader.dataset)} training rows in {len(train_loader)} batches")
    model = nn.Sequential(nn.Linear(29, 64), nn.ReLU(), nn.Linear(64, 2))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    privacy_engine = None
    criterion = nn.CrossEntropyLoss()

    while flare.is_running():
        input_model = flare.receive()
        if privacy_engine is None:
            privacy_engine = PrivacyEngine()
            model, optimizer, train_loader = privacy_engine.make_private_with_epsilon(
                module=model, optimizer=optimizer, data_loader=train_loader,
                epochs=input_model.total_rounds, target_epsilon=5.0, target_delta=1e-5, max_grad_norm=1.0)
            noise_multiplier = optimizer.noise_multiplier
            sample_rate = 1 / len(train_loader)
            print(f"noise multiplier {noise_multiplier:.4f}, sample rate {sample_rate:.5f}")
        state = {k.replace("_module.", ""): v for k, v in input_model.params.items()}
        model._module.load_state_dict(state)
        model.train()
        for x, y in train_loader:
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()
        model.eval()
        preds, targets = [], []
        with torch.no_grad():
            for x, y in test_loader:
                preds.extend(model(x).argmax(1).tolist())
                targets.extend(y.tolist())
        acc = accuracy_score(targets, preds)
        epsilon = privacy_engine.get_epsilon(1e-5)
        print(f"round {input_model.current_round}: accuracy {acc:.4f}, epsilon spent {epsilon:.2f}")
        flare.send(flare.FLModel(params=model._module.state_dict(), metrics={"accuracy": acc, "epsilon": epsilon}))


if __name__ == "__main__":
    main()
