"""Client API client; console and file logging configured from the job's logging.ini."""

import argparse
import logging
import logging.config
import os

import torch
from torch import nn

import nvflare.client as flare
from net import Net

logging.config.fileConfig(os.path.join(os.path.dirname(os.path.abspath(__file__)), "logging.ini"),
                          disable_existing_loggers=False)
log = logging.getLogger("trainer")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=1)
    args = p.parse_args()
    blob = torch.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.pt"), weights_only=True)
    x, y = blob["x"].float(), blob["y"]
    model = Net(x.shape[1])
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        for _ in range(args.epochs):
            opt.zero_grad()
            loss = nn.functional.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
        log.info("round %s loss %.4f", m.current_round, loss.item())
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
