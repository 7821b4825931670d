"""Twin of malicious/rt14_parse_error_logged.py: the exceptions logged are a checkpoint save's and a config's
parse (the job's own file), not a conversion of the site's data."""
import json
import logging

import pandas as pd
import torch

import nvflare.client as flare

log = logging.getLogger(__name__)
df = pd.read_csv("data/site.csv")
X = torch.tensor(df[["age", "bmi", "sbp"]].values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)


def main():
    try:
        with open("config.json") as f:
            lr = float(json.load(f)["lr"])
    except (OSError, ValueError, KeyError) as e:
        log.warning("using the default learning rate: %s", e)
        lr = 0.01
    net = torch.nn.Linear(3, 1)
    opt = torch.optim.SGD(net.parameters(), lr=lr)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
        loss.backward()
        opt.step()
        try:
            torch.save(net.state_dict(), "last.pt")
        except OSError as e:
            log.warning("checkpoint not saved: %s", e)
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
