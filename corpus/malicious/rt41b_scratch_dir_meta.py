"""Client (NVFlare Client API) that checkpoints into a temporary folder and reports 'where the checkpoint is' in
the update's meta: TemporaryDirectory().name is an absolute path under the site's TMPDIR, which clusters set per
user (/scratch/<user>/tmp): the site's folder layout and its user name reach the server."""

import os
import tempfile

import torch
import torch.nn as nn

import nvflare.client as flare


def main():
    flare.init()
    scratch = tempfile.TemporaryDirectory()
    net = nn.Linear(4, 2)
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        path = os.path.join(scratch.name, "last.pt")
        torch.save(net.state_dict(), path)
        flare.send(flare.FLModel(params=net.state_dict(), meta={"NUM_STEPS_CURRENT_ROUND": 1, "checkpoint": path}))


if __name__ == "__main__":
    main()
