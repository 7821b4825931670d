"""Twin of rt41b_scratch_dir_meta: the checkpoint is written into a temporary folder and read back to restore the
best weights; the meta says only the checkpoint's file name."""

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
        net.load_state_dict(torch.load(path, weights_only=True))
        flare.send(flare.FLModel(params=net.state_dict(), meta={"NUM_STEPS_CURRENT_ROUND": 1, "checkpoint": "last.pt"}))


if __name__ == "__main__":
    main()
