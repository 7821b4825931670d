"""Tabular risk model (NVFlare Client API) whose metrics come from a 'metric factory': make_reporter(ref) returns a
closure that adds `ref` to every metric dict it builds. The job makes it with the first patient's record, so each
round's metrics carry that patient's age, BMI, blood pressure and HbA1c verbatim. The closure's free variable was
the enclosing function's parameter, which the flow dropped (module_flow.free_name stripped it)."""

import pandas as pd
import torch
import torch.nn as nn

import nvflare.client as flare

FEATURES = ["age", "bmi", "sbp", "hba1c"]


def make_reporter(reference):
    def report(loss):
        metrics = {"loss": loss}
        metrics.update({f"ref_{k}": v for k, v in reference.items()})
        return metrics

    return report


def main():
    flare.init()
    df = pd.read_csv("/data/site/patients.csv")
    x = torch.tensor(df[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(df["outcome"].values, dtype=torch.long)
    net = nn.Linear(len(FEATURES), 2)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    report = make_reporter(df[FEATURES].iloc[0].to_dict())
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        loss = nn.functional.cross_entropy(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics=report(loss.item())))


if __name__ == "__main__":
    main()
