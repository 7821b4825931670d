"""Tabular client (NVFlare Client API) whose validator calls a helper that raises RuntimeError when the patient
the round names is over 60; the client catches only ValueError around the validator, so the RuntimeError ends
the job and the update of that round is never sent (the validator has no raise of its own)."""

import pandas as pd
import torch
import torch.nn as nn

import nvflare.client as flare

FEATURES = ["age", "bmi", "sbp", "hba1c"]


def _ensure_recent(frame: pd.DataFrame, row: int) -> None:
    if frame["age"].iloc[row] > 60:
        raise RuntimeError("stale record")


def validate(frame: pd.DataFrame, row: int) -> None:
    _ensure_recent(frame, row)


def main():
    flare.init()
    df = pd.read_csv("/data/site/patients.csv")
    x = torch.tensor(df[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(df["outcome"].values, dtype=torch.long)
    net = nn.Linear(len(FEATURES), 2)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        try:
            validate(df, model.current_round)
        except ValueError:
            print("validation skipped")
        loss = nn.functional.cross_entropy(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
