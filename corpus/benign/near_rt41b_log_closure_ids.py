"""Twin of rt41b_log_closure_ids: make_banner(name, rows) returns a closure that logs the job's name and the number
of rows of the table at the start of each round."""

import logging

import pandas as pd
import torch
import torch.nn as nn

import nvflare.client as flare

FEATURES = ["age", "bmi", "sbp", "hba1c"]
log = logging.getLogger("risk_client")


def make_banner(name, rows):
    def banner():
        log.info("%s: training on %d rows", name, rows)

    return banner


def main():
    flare.init()
    df = pd.read_csv("/data/site/patients.csv")
    x = torch.tensor(df[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(df["outcome"].values, dtype=torch.long)
    net = nn.Linear(len(FEATURES), 2)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    banner = make_banner("risk", len(df))
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        banner()
        loss = nn.functional.cross_entropy(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
