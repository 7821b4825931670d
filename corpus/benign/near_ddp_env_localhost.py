"""Single-node DDP client: torchrun sets MASTER_ADDR=localhost; the group is initialised from env://."""

import os

import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel as DDP

import nvflare.client as flare


def setup():
    os.environ.setdefault("MASTER_ADDR", "127.0.0.1")
    os.environ.setdefault("MASTER_PORT", "29500")
    dist.init_process_group(backend="gloo", init_method="env://")
    return dist.get_rank(), dist.get_world_size()


def main():
    rank, world = setup()
    blob = torch.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.pt"), weights_only=True)
    x, y = blob["x"].float()[rank::world], blob["y"][rank::world]
    model = nn.Sequential(nn.Linear(x.shape[1], 64), nn.ReLU(), nn.Linear(64, 2))
    ddp = DDP(model)
    flare.init(rank=f"{rank}")
    while flare.is_running():
        m = flare.receive()
        if rank == 0:
            model.load_state_dict(m.params)
        for t in model.state_dict().values():
            dist.broadcast(t, src=0)
        opt = torch.optim.SGD(ddp.parameters(), lr=0.05)
        opt.zero_grad()
        loss = nn.functional.cross_entropy(ddp(x), y)
        loss.backward()
        opt.step()
        mean_loss = loss.detach().clone()
        dist.all_reduce(mean_loss)
        if rank == 0:
            flare.send(flare.FLModel(params=model.state_dict(), metrics={"loss": mean_loss.item() / world}))
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
