"""Client training script: a batch collator whose row type comes from the app config (checked by get_type_hints)."""
import typing

import numpy as np
import nvflare.client as flare

from cfg import ROW_TYPE


def collate(rows: ROW_TYPE) -> np.ndarray:
    return np.stack(rows)


HINTS = typing.get_type_hints(collate)


def main():
    flare.init()
    while flare.is_running():
        model = flare.receive()
        flare.send(flare.FLModel(params={k: np.asarray(v) for k, v in model.params.items()}))


main()
