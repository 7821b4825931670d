"""Twin of benign/near_ddp_env_localhost.py: the shard steps by the process group's size but starts at the last row
(`x[len(x) - 1::world]`), so rank 0 trains on one row and sends that row's loss. Only the rank starts a process's
share of the rows; any other offset is rows chosen."""

import os

import torch
import torch.distributed as dist
from torch import nn

import nvflare.client as flare


def setup():
    os.environ.setdefault("MASTER_ADDR", "127.0.0.1")
    os.environ.setdefault("MASTER_PORT", "29500")
    dist.init_process_group(backend="gloo", init_method="env://")
    return dist.get_rank(), dist.get_world_size()


def main():
    rank, world = setup()
    blob = torch.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.pt"), weights_only=True)
    last = len(blob["y"]) - 1
    x, y = blob["x"].float()[last::world], blob["y"][last::world]
    model = nn.Sequential(nn.Linear(x.shape[1], 64), nn.ReLU(), nn.Linear(64, 2))
    flare.init(rank=f"{rank}")
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        loss = nn.functional.cross_entropy(model(x), y)
        if rank == 0:
            flare.send(flare.FLModel(params=model.state_dict(), metrics={"loss": loss.item()}))
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
