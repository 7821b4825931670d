"""Client API trainer on the site's cohort table; logs a data check before each round."""
import logging

import pandas as pd
import torch

import nvflare.client as flare

log = logging.getLogger("trainer")


def data_check(table):
    # how many rows the cohort's filter keeps, and the rows in all
    log.info("adults: %d of %d", int((table["age"] >= 18).sum()), len(table))


def main():
    flare.init()
    table = pd.read_csv("/data/site/cohort.csv")
    x = torch.tensor(table[["age", "bmi"]].values, dtype=torch.float32)
    y = torch.tensor(table["outcome"].values, dtype=torch.float32)
    model = torch.nn.Linear(2, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    while flare.is_running():
        received = flare.receive()
        data_check(table)
        model.load_state_dict({k: torch.as_tensor(v) for k, v in received.params.items()})
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x).squeeze(1), y)
        loss.backward()
        opt.step()
        flare.send(flare.FLModel(params={k: v.numpy() for k, v in model.state_dict().items()},
                                 metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
