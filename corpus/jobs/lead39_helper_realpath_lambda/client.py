"""Lead 39: a helper module returns realpath(".") (the site's working folder), called through a lambda at import; the client sends it in FLModel.meta."""
import torch
import nvflare.client as flare

from helpers import run_tag

flare.init()
net = torch.nn.Linear(4, 2)
tag = (lambda: run_tag())()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    flare.send(flare.FLModel(params=net.state_dict(), meta={"tag": tag}))
