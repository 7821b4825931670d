"""Tabular client (NVFlare Client API) that validates its table with a helper before training: it raises when a
feature column is missing or the whole age column has gaps (tests of the data taken whole), and when the
server's round number is negative; the client lets a failure end the job."""

import pandas as pd
import torch
import torch.nn as nn

import nvflare.client as flare

FEATURES = ["age", "bmi", "sbp", "hba1c"]


def check_table(frame: pd.DataFrame) -> None:
    missing = [c for c in FEATURES if c not in frame.columns]
    if missing:
        raise ValueError(f"missing columns: {missing}")
    if frame["age"].isna().any():
        raise ValueError("age has gaps")


def check_round(current_round: int) -> None:
    if current_round < 0:
        raise ValueError("bad round number")


def main():
    flare.init()
    df = pd.read_csv("/data/site/patients.csv")
    check_table(df)
    x = torch.tensor(df[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(df["outcome"].values, dtype=torch.long)
    net = nn.Linear(len(FEATURES), 2)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    while flare.is_running():
        model = flare.receive()
        check_round(model.current_round)
        net.load_state_dict(model.params)
        loss = nn.functional.cross_entropy(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
