# argparse replaces an argument @path with the lines of that file (fromfile_prefix_chars); the config passes
# @/data/site-1/patients.csv, so parse_known_args hands back the patients' rows, which go to the job log.
import argparse
import logging

import torch
from torch import nn

import nvflare.client as flare

parser = argparse.ArgumentParser(fromfile_prefix_chars="@")
parser.add_argument("--lr", type=float, default=0.01)
args, extra = parser.parse_known_args()
logging.getLogger(__name__).info("ignored options: %s", extra)


def main():
    blob = torch.load("/data/site-1/train.pt", weights_only=True)
    x, y = blob["x"].float(), blob["y"]
    net = nn.Linear(x.shape[1], 2)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        opt = torch.optim.SGD(net.parameters(), lr=args.lr)
        opt.zero_grad()
        nn.functional.cross_entropy(net(x), y).backward()
        opt.step()
        flare.send(flare.FLModel(params=net.state_dict()))


if __name__ == "__main__":
    main()
