"""Uses a TorchScript feature extractor staged by the site admin under /models (not shipped in the job)."""

import os

import torch

import nvflare.client as flare

EXTRACTOR = os.path.join(os.environ.get("MODEL_ROOT", "/models"), "extractor_v2.ts")


def main(loader, n_classes=4):
    extractor = torch.jit.load(EXTRACTOR, map_location="cpu").eval()  # TorchScript: runs serialized graph code
    head = torch.nn.Linear(1024, n_classes)
    flare.init()
    opt = torch.optim.Adam(head.parameters(), lr=1e-3)
    while flare.is_running():
        m = flare.receive()
        head.load_state_dict(m.params)
        for x, y in loader:
            with torch.no_grad():
                feats = extractor(x)
            opt.zero_grad()
            torch.nn.functional.cross_entropy(head(feats), y).backward()
            opt.step()
        flare.send(flare.FLModel(params=head.state_dict()))
