"""A stand-in for NVFlare's Client API (`nvflare.client`), for tests that run an attack for real: the job's code
receives a model, and what it sends is kept in `flare.SENT` for the test to look for the site's row. `rounds`
bounds `is_running()` for jobs that loop over rounds."""

from __future__ import annotations

from pathlib import Path

_CLIENT = '''
SENT = []
_ROUNDS = [1] * {rounds}
def init(): pass
def is_running(): return bool(_ROUNDS) and bool(_ROUNDS.pop())
def receive(): return FLModel(params={{"w": [0.0, 0.0]}})
def send(m): SENT.append(m)
class FLModel:
    def __init__(self, params=None, metrics=None, meta=None):
        self.params, self.metrics, self.meta = params, metrics, meta
'''


def install(folder: Path, rounds: int = 1) -> Path:
    """Writes the `nvflare` package with the stub client into `folder` (put it first on the path); returns it."""
    package = folder / "nvflare"
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text("")
    (package / "client.py").write_text(_CLIENT.format(rounds=rounds))
    return folder
