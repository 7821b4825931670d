"""CIFAR-style training through the Client API; progress is logged in a configurable format."""
import argparse
import logging

import torch
import nvflare.client as flare

from progress import Progress

log = logging.getLogger("train")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=1)
    args = p.parse_args()
    progress = Progress()
    net = torch.nn.Sequential(torch.nn.Linear(16, 8), torch.nn.ReLU(), torch.nn.Linear(8, 2))
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        loss = torch.zeros(())
        for _ in range(args.epochs):
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(torch.randn(32, 16)), torch.randint(0, 2, (32,)))
            loss.backward()
            opt.step()
        log.info(progress.line(round=m.current_round, loss=loss.item()))
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
