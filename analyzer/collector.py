"""The cyclic garbage collector, paused where a start only makes objects that stay.

Importing the gate (click, pydantic and the policy models; libcst, the
detectors and their data) allocates enough to trigger a hundred collections,
each walking objects that all stay alive: on a small job that was a tenth of
the scan. Paused for those blocks only, and left as the caller had it.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
