"""Single-node DDP evaluation as torchrun starts it: each process scores its own share of the validation rows
(`x[dist.get_rank()::dist.get_world_size()]`, DistributedSampler's order) and the counts are summed over the
group with all_reduce; rank 0 sends the accuracy."""

import os

import torch
import torch.distributed as dist
from torch import nn

import nvflare.client as flare


def main():
    dist.init_process_group(backend="gloo", init_method="env://")
    blob = torch.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "val.pt"), weights_only=True)
    x = blob["x"].float()[dist.get_rank()::dist.get_world_size()]
    y = blob["y"][dist.get_rank()::dist.get_world_size()]
    model = nn.Sequential(nn.Linear(x.shape[1], 64), nn.ReLU(), nn.Linear(64, 2))
    flare.init(rank=f"{dist.get_rank()}")
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        with torch.no_grad():
            counts = torch.tensor([(model(x).argmax(1) == y).sum().item(), len(y)], dtype=torch.float64)
        dist.all_reduce(counts)
        if dist.get_rank() == 0:
            flare.send(flare.FLModel(params=model.state_dict(), metrics={"accuracy": (counts[0] / counts[1]).item()}))
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
