"""JSON read as NVFlare and Jupyter read it (Python's json: of a key given twice in one object the
last value counts), each repeated key recorded: another reader, or a reviewer, takes the first."""

from __future__ import annotations

import json


def loads_noting_repeats(data: str | bytes, repeated: list[str]) -> object:
    """`json.loads(data)`, appending to `repeated` each key an object gives again."""
    def pairs(items: list[tuple[str, object]]) -> dict:
        out: dict = {}
        for key, value in items:
            if key in out:
                repeated.append(key)
            out[key] = value
        return out

    return json.loads(data, object_pairs_hook=pairs)
