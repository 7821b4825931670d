import torch
import nvflare.client as flare
from torch import nn

from convert import state_to_numpy

flare.init()
model = nn.Linear(4, 2)
while flare.is_running():
    m = flare.receive()
    model.load_state_dict({k: torch.as_tensor(v) for k, v in m.params.items()})
    flare.send(flare.FLModel(params=state_to_numpy(model.state_dict())))
