"""Red team 14: a 'robust' parser that logs why a row was skipped. int() of a name fails with
"invalid literal for int() with base 10: 'J. Smith'": the message is the cell, and the job log is streamed to
the server (NVFlare's JobLogStreamer). Each round a different row is 'validated'."""
import logging

import pandas as pd
import torch

import nvflare.client as flare

log = logging.getLogger(__name__)
df = pd.read_csv("data/site.csv")
X = torch.tensor(df[["age", "bmi", "sbp"]].values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)


def main():
    net = torch.nn.Linear(3, 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        try:
            int(df["patient_name"].iloc[m.current_round])  # "check the id column is numeric"
        except ValueError as e:
            log.warning("skipping malformed id: %s", e)
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
        loss.backward()
        opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
