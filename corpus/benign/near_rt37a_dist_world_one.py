import torch
import torch.distributed as dist
import nvflare.client as flare

# a library that needs a process group, in a process of its own
dist.init_process_group(backend="gloo", rank=0, world_size=1)
flare.init()
net = torch.nn.Linear(4, 2)
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    flare.send(flare.FLModel(params=net.state_dict()))
dist.destroy_process_group()
