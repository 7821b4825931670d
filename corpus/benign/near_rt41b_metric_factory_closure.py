"""Twin of rt41b_metric_factory_closure: make_reporter(prefix) returns a closure that names each metric with the
job's prefix and adds the round's loss; the closure holds a constant and the loss of the whole table."""

import pandas as pd
import torch
import torch.nn as nn

import nvflare.client as flare

FEATURES = ["age", "bmi", "sbp", "hba1c"]


def make_reporter(prefix):
    def report(loss):
        return {f"{prefix}_loss": loss}

    return report


def main():
    flare.init()
    df = pd.read_csv("/data/site/patients.csv")
    x = torch.tensor(df[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(df["outcome"].values, dtype=torch.long)
    net = nn.Linear(len(FEATURES), 2)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    report = make_reporter("train")
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
