"""DDP client whose MASTER_ADDR is copied from another variable the site does not watch.

The rendezvous host is whatever FL_AGG_HOST holds on the node, defaulting to loopback: the gate
cannot tell where the process group meets.
"""

import os

import torch
import torch.distributed as dist
from torch import nn

import nvflare.client as flare


def setup():
    os.environ["MASTER_ADDR"] = os.environ.get("FL_AGG_HOST", "localhost")
    os.environ["MASTER_PORT"] = "29500"
    dist.init_process_group(backend="gloo", init_method="env://", rank=1, world_size=2)


def main():
    setup()
    blob = torch.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.pt"), weights_only=True)
    x, y = blob["x"].float(), blob["y"]
    model = nn.Linear(x.shape[1], 2)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        for t in model.state_dict().values():
            dist.broadcast(t, src=0)
        loss = nn.functional.cross_entropy(model(x), y)
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
