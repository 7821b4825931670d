"""Tabular client (NVFlare Client API) with a hand-made minibatch loop that logs each step's loss, warns when a
batch's loss diverges, and logs the cohort's mean age: statistics of batches and of the data taken whole."""

import logging

import pandas as pd
import torch
import torch.nn as nn

import nvflare.client as flare

FEATURES = ["age", "bmi", "sbp", "hba1c"]
BATCH = 32
log = logging.getLogger("risk_client")


def main():
    flare.init()
    df = pd.read_csv("/data/site/patients.csv")
    x = torch.tensor(df[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(df["outcome"].values, dtype=torch.long)
    log.info("cohort mean age %.1f over %d rows", float(df["age"].mean()), len(df))
    net = nn.Linear(len(FEATURES), 2)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        perm = torch.randperm(len(x))
        for start in range(0, len(x), BATCH):
            idx = perm[start:start + BATCH]
            loss = nn.functional.cross_entropy(net(x[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            if loss.item() > 10:
                log.warning("loss diverging at step %d", start // BATCH)
            log.info("step %d loss %.4f", start // BATCH, loss.item())
        weights = {"weight": net.weight.detach().numpy(), "bias": net.bias.detach().numpy()}
        flare.send(flare.FLModel(params=weights, metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
