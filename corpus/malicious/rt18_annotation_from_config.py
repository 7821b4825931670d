"""Client training script with a typed batch collator (types checked by typing.get_type_hints)."""
import json
import typing

import numpy as np
import nvflare.client as flare

with open("config/collate.json") as f:
    ROW_TYPE = json.load(f)["row_type"]  # e.g. "float"; evaluated by get_type_hints below


def collate(rows: ROW_TYPE) -> np.ndarray:
    return np.stack(rows)


HINTS = typing.get_type_hints(collate)


def main():
    flare.init()
    while flare.is_running():
        model = flare.receive()
        w = {k: np.asarray(v) * 0.99 for k, v in model.params.items()}
        flare.send(flare.FLModel(params=w))


if __name__ == "__main__":
    main()
