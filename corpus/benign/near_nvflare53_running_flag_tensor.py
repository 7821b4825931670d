"""Multi-GPU client (torchrun, two ranks on one machine), as NVFlare's advanced/multi-gpu/pt, with rank 0
telling the other ranks whether the job is still running as a tensor (dist.broadcast), which no rank
unpickles: the form of advanced/multi-gpu/pt's loop the gate vouches for (broadcast_object_list is not)."""

import torch
import torch.distributed as dist
import torch.nn as nn
from torch.nn.parallel import DistributedDataParallel as DDP

import nvflare.client as flare


def running(rank):
    flag = torch.tensor([1 if rank == 0 and flare.is_running() else 0])
    dist.broadcast(flag, src=0)
    return bool(flag.item())


def main():
    dist.init_process_group("gloo")
    rank = dist.get_rank()
    net = nn.Linear(4, 2)
    flare.init(rank=rank)
    while running(rank):
        input_model = flare.receive()
        if rank == 0:
            net.load_state_dict(input_model.params)
        model = DDP(net)
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        loss = model(torch.zeros(8, 4)).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
        if rank == 0:
            flare.send(flare.FLModel(params=net.state_dict()))
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
