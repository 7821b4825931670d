"""Client API training with typed helpers: forward references, Literal and Annotated, a checked config."""
import functools
import typing
from typing import Annotated, Literal, Optional

import torch
import nvflare.client as flare
from torch import nn


class TrainConfig(typing.NamedTuple):
    lr: "float" = 0.01
    epochs: Annotated[int, "local epochs per round"] = 1
    mode: Literal["train", "finetune"] = "train"


class Net(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x: "torch.Tensor") -> "torch.Tensor":
        return self.fc(x)

    def fresh(self) -> "Net":
        return Net()


@functools.singledispatch
def detached(value):
    return value


@detached.register
def _(value: "torch.Tensor") -> "Optional[torch.Tensor]":
    return value.detach().cpu()


def checked(cfg: TrainConfig) -> TrainConfig:
    for name, kind in typing.get_type_hints(TrainConfig).items():
        if kind in (int, float) and not isinstance(getattr(cfg, name), kind):
            raise TypeError(name)
    return cfg


flare.init()
cfg = checked(TrainConfig())
model = Net()
opt = torch.optim.SGD(model.parameters(), lr=cfg.lr)
while flare.is_running():
    m = flare.receive()
    model.load_state_dict(m.params)
    for _ in range(cfg.epochs):
        opt.zero_grad()
        loss = model(torch.randn(8, 4)).pow(2).mean()
        loss.backward()
        opt.step()
    flare.send(flare.FLModel(params={k: detached(v) for k, v in model.state_dict().items()}))
