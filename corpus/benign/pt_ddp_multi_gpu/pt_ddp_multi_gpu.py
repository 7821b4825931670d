"""Multi-GPU client (launched with torchrun by the ClientAPIExecutor command).

Only rank 0 talks to NVFlare; the other ranks receive the global weights by broadcast.
"""

import os

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel as DDP
from torch.utils.data import DataLoader
from torch.utils.data.distributed import DistributedSampler
from torchvision import datasets, transforms

import nvflare.client as flare

from pt_model_def import SmallResNet


def main():
    dist.init_process_group("nccl")
    rank = dist.get_rank()
    local_rank = int(os.environ["LOCAL_RANK"])
    torch.cuda.set_device(local_rank)

    root = os.path.join(os.environ.get("DATA_ROOT", "/data"), "cifar10")
    ds = datasets.CIFAR10(root, train=True, download=False, transform=transforms.ToTensor())
    sampler = DistributedSampler(ds)
    loader = DataLoader(ds, batch_size=64, sampler=sampler, num_workers=4)

    model = SmallResNet().cuda(local_rank)
    ddp = DDP(model, device_ids=[local_rank])

    flare.init(rank=f"{rank}")
    while flare.is_running():
        in_model = flare.receive()
        if rank == 0:
            model.load_state_dict(in_model.params)
        for p in model.state_dict().values():
            dist.broadcast(p, src=0)

        opt = torch.optim.SGD(ddp.parameters(), lr=0.02, momentum=0.9)
        crit = torch.nn.CrossEntropyLoss()
        sampler.set_epoch(in_model.current_round or 0)
        ddp.train()
        for x, y in loader:
            x, y = x.cuda(local_rank, non_blocking=True), y.cuda(local_rank, non_blocking=True)
            opt.zero_grad()
            crit(ddp(x), y).backward()
            opt.step()

        if rank == 0:
            state = {k: v.cpu() for k, v in model.state_dict().items()}
            flare.send(flare.FLModel(params=state, meta={"NUM_STEPS_CURRENT_ROUND": len(loader)}))
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
