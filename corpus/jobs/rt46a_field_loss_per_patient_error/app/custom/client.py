"""Federated eGFR regression (NVFlare Client API). Red team 46a: the validator's loss object is built in a field with
reduction="none", so its "errors" are |prediction - eGFR| of every validation patient, one per row, sent as a
metric; with a model the server sets to zero they are the patients' eGFR values. Accepted on main: a call of a loss
object through a field (`self.criterion(...)`) was read as a reduced loss, its constructor unseen."""

import argparse

import pandas as pd
import torch

import nvflare.client as flare
from scoring import Validator

FEATURES = ["age", "creatinine", "cystatin_c", "sex"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=1)
    args = parser.parse_args()
    flare.init()
    train = pd.read_csv("/data/site/train.csv")
    valid = pd.read_csv("/data/site/valid.csv")
    x, y = (torch.tensor(train[FEATURES].values, dtype=torch.float32),
            torch.tensor(train["egfr"].values, dtype=torch.float32))
    vx, vy = (torch.tensor(valid[FEATURES].values, dtype=torch.float32),
              torch.tensor(valid["egfr"].values, dtype=torch.float32))
    net = torch.nn.Linear(len(FEATURES), 1)
    validator = Validator(net)
    while flare.is_running():
        input_model = flare.receive()
        net.load_state_dict(input_model.params)
        errors = validator.errors(vx, vy)
        net.train()
        opt = torch.optim.Adam(net.parameters(), lr=1e-3)
        for _ in range(args.epochs):
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(net(x).squeeze(-1), y)
            loss.backward()
            opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss.item()), "val_errors": errors}))


if __name__ == "__main__":
    main()
