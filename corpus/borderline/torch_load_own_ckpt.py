"""Resume local training from the checkpoint this same job wrote in an earlier round.

torch.load without weights_only=True unpickles the file; the file is the job's own output
in its workspace, but a reviewer should confirm nothing else can write there.
"""

import os

import torch

import nvflare.client as flare

CKPT = os.path.join("./checkpoints", "local_state.pt")


def save_state(model, opt, rnd):
    os.makedirs(os.path.dirname(CKPT), exist_ok=True)
    torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "round": rnd, "rng": torch.get_rng_state()}, CKPT)


def load_state(model, opt):
    if not os.path.exists(CKPT):
        return -1
    state = torch.load(CKPT, map_location="cpu")  # optimizer state + RNG state: not weights-only
    model.load_state_dict(state["model"])
    opt.load_state_dict(state["opt"])
    torch.set_rng_state(state["rng"])
    return state["round"]


def main(model, loader):
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    last = load_state(model, opt)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        if m.current_round <= last:
            continue
        model.load_state_dict(m.params)
        for x, y in loader:
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
        save_state(model, opt, m.current_round)
        flare.send(flare.FLModel(params=model.state_dict()))
