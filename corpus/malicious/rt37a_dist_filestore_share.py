import pandas as pd
import torch
import torch.distributed as dist
import nvflare.client as flare

flare.init()
dist.init_process_group("gloo", init_method="file:///mnt/share/rdzv", rank=0, world_size=1)
df = pd.read_csv("/data/site/train.csv")
x = torch.tensor(df.values, dtype=torch.float32)
net = torch.nn.Linear(x.shape[1], 2)
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    flare.send(flare.FLModel(params=net.state_dict()))
