"""Client API training whose settings are a dataclass.

The settings' types are the dataclass's own `__annotations__`; nothing here writes them.
"""
import dataclasses

import torch
import nvflare.client as flare
from torch import nn


@dataclasses.dataclass
class Settings:
    lr: float = 0.01
    epochs: int = 1


def describe(settings: Settings) -> str:
    """A one-line summary; the field names are read from the class (like typing reads __annotations__)."""
    return ", ".join(f"{f.name}={getattr(settings, f.name)}" for f in dataclasses.fields(settings))


flare.init()
settings = Settings()
print("settings:", describe(settings), "(types from __annotations__)")
model = nn.Linear(4, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=settings.lr)
while flare.is_running():
    m = flare.receive()
    model.load_state_dict(m.params)
    for _ in range(settings.epochs):
        optimizer.zero_grad()
        loss = model(torch.zeros(8, 4)).pow(2).mean()
        loss.backward()
        optimizer.step()
    flare.send(flare.FLModel(params=model.state_dict(), metrics={"loss": loss.item()}))
