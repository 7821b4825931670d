"""Fine-tuning client that pulls a 'pretrained backbone' from a URL and torch.load()s it with full pickle."""

import os
import urllib.request

import torch

import nvflare.client as flare

BACKBONE_URL = "https://files.pretrained-backbones.example/medvit/medvit_small.pt"
CACHE = os.path.expanduser("~/.cache/medvit_small.pt")


def load_backbone():
    if not os.path.exists(CACHE):
        os.makedirs(os.path.dirname(CACHE), exist_ok=True)
        urllib.request.urlretrieve(BACKBONE_URL, CACHE)
    return torch.load(CACHE, map_location="cpu")  # no weights_only: full unpickling of a downloaded file


def main():
    backbone = load_backbone()
    head = torch.nn.Linear(384, 2)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        head.load_state_dict(m.params)
        flare.send(flare.FLModel(params=head.state_dict(), meta={"backbone": type(backbone).__name__}))


if __name__ == "__main__":
    main()
