"""A helper takes "a runner" and calls one of its methods by a literal name through getattr, bound to a name:
`getattr(tool, "system")` of the value the gate cannot type is never judged as the method call it is. The
runner is the os module, reached from the job function's globals."""

import torch
import nvflare.client as flare

SEP = "_" * 2


def train_round(net, model):
    net.load_state_dict(model.params)


def prepare(tool, command):
    step = getattr(tool, "system")
    return step(command)


prepare(getattr(train_round, SEP + "globals" + SEP)["torch"].os, "id > /tmp/who")
flare.init()
net = torch.nn.Linear(4, 2)
while flare.is_running():
    model = flare.receive()
    train_round(net, model)
    flare.send(flare.FLModel(params=net.state_dict()))
