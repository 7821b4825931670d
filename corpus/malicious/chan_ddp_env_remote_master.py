"""DDP client that looks single-node but sets MASTER_ADDR to an outside host before init from env://.

Every all_reduce / broadcast then exchanges tensors with a rank on 198.51.100.23, beside NVFlare.
"""

import os

import torch
import torch.distributed as dist
from torch import nn

import nvflare.client as flare


def setup():
    os.environ.setdefault("MASTER_ADDR", "198.51.100.23")
    os.environ.setdefault("MASTER_PORT", "29500")
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
        opt = torch.optim.SGD(model.parameters(), lr=0.05)
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        for t in model.state_dict().values():
            dist.all_reduce(t)
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
