"""Client API trainer that takes a scratch folder for its checkpoints."""

import tempfile

import torch
from torch import nn

import nvflare.client as flare


def main():
    blob = torch.load("/data/site-1/train.pt", weights_only=True)
    x, y = blob["x"].float(), blob["y"]
    net = nn.Linear(x.shape[1], 2)
    # A plain prefix: the folder is made under the system temporary directory.
    scratch = tempfile.mkdtemp(prefix="site-1_round_")
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        opt = torch.optim.SGD(net.parameters(), lr=0.01)
        opt.zero_grad()
        nn.functional.cross_entropy(net(x), y).backward()
        opt.step()
        print("scratch", scratch)
        flare.send(flare.FLModel(params=net.state_dict()))


if __name__ == "__main__":
    main()
