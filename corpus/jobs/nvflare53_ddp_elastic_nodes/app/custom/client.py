import torch
import torch.distributed as dist
import torch.nn as nn
from torch.nn.parallel import DistributedDataParallel as DDP

import nvflare.client as flare


def main():
    dist.init_process_group("gloo")
    rank = dist.get_rank()
    net = nn.Linear(4, 2)
    flare.init(rank=rank)
    while flare.is_running():
        input_model = flare.receive()
        net.load_state_dict(input_model.params)
        model = DDP(net)
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        x = torch.zeros(8, 4)
        loss = model(x).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
        if rank == 0:
            flare.send(flare.FLModel(params=net.state_dict()))
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
