"""Cryptocurrency mining: a job that starts a miner on the site's GPUs.

Droppers fetch xmrig (or another miner), start it pointed at a pool
(`stratum+tcp://...`) and pay into the author's wallet. The programs, the
pool protocol and hosts and the wallet's form are data (rules/lists/miners.yaml);
this detector finds them among the job's strings.
"""

from __future__ import annotations

from typing import Iterator

from ..lists import matcher
from . import Hit, PythonContext, python_detector
from .paths import literal_texts

_PROGRAMS = matcher("miners", "miner-programs")
_POOLS = matcher("miners", "mining-pools")


@python_detector("miner-literals")
def miner_literals(ctx: PythonContext) -> Iterator[Hit]:
    # every literal as its value, with no search of the source's text first: `"/tmp/\x78mrig"` or `"xm" "rig"`
    # spells no miner's name in the text (speed51 measured the two about equal)
    for node, text in literal_texts(ctx.module, 2000):
        if _PROGRAMS.match(text) is not None:
            yield Hit("subprocess.crypto-miner", ctx.path, node=node, details={"name": text[:120]})
        elif _POOLS.match(text) is not None:
            yield Hit("network.mining-pool", ctx.path, node=node, details={"name": text[:120]})
