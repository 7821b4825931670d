"""Cryptocurrency mining: a job that starts a miner on the site's GPUs.

Droppers fetch xmrig (or another miner), start it pointed at a pool
(`stratum+tcp://...`) and pay into the author's wallet. The programs, the
pool protocol and hosts and the wallet's form are data (rules/lists/miners.yaml);
this detector finds them among the job's strings.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..lists import matcher
from . import Hit, PythonContext, python_detector
from .paths import literal_texts

_PROGRAMS = matcher("miners", "miner-programs")
_POOLS = matcher("miners", "mining-pools")
_WALLET = re.compile(r"\b4[0-9AB][1-9A-HJ-NP-Za-km-z]{93}\b")  # the list's wallet entry, inside a whole source


@python_detector("miner-literals")
def miner_literals(ctx: PythonContext) -> Iterator[Hit]:
    source = ctx.source
    if _PROGRAMS.match(source) is None and _POOLS.match(source) is None and _WALLET.search(source) is None:
        return  # one search of the whole source before reading each literal
    for node, text in literal_texts(ctx.module, 2000):
        if _PROGRAMS.match(text) is not None:
            yield Hit("subprocess.crypto-miner", ctx.path, node=node, details={"name": text[:120]})
        elif _POOLS.match(text) is not None:
            yield Hit("network.mining-pool", ctx.path, node=node, details={"name": text[:120]})
