"""Telltales among the job's strings: what only malware spells.

Droppers fetch xmrig (or another miner), start it pointed at a pool
(`stratum+tcp://...`) and pay into the author's wallet; others keep a reverse
shell, a Windows proxy execution or a PowerShell download cradle as a literal
until they write it to a batch file or hand it to a shell the gate may not see.
The programs, pools, wallets and command lines are data (rules/lists/miners.yaml,
rules/lists/payloads.yaml); this detector finds them among the job's strings.
"""

from __future__ import annotations

from typing import Iterator

from ..lists import matcher
from . import Hit, PythonContext, python_detector
from .paths import literal_texts

_TELLTALES = (  # rule, list: the first that matches a string reports it
    ("subprocess.crypto-miner", matcher("miners", "miner-programs")),
    ("network.mining-pool", matcher("miners", "mining-pools")),
    ("subprocess.reverse-shell-command", matcher("payloads", "reverse-shells")),
    ("subprocess.proxy-execution-command", matcher("payloads", "proxy-execution")),
    ("subprocess.powershell-cradle", matcher("payloads", "powershell-cradles")),
)


@python_detector("telltale-literals")
def telltale_literals(ctx: PythonContext) -> Iterator[Hit]:
    # every literal as its value, with no search of the source's text first: `"/tmp/\x78mrig"` or `"xm" "rig"`
    # spells no miner's name in the text (speed51 measured the two about equal)
    for node, text in literal_texts(ctx.module, 2000):
        rule = next((rule for rule, telltales in _TELLTALES if telltales.match(text) is not None), None)
        if rule is not None:
            yield Hit(rule, ctx.path, node=node, details={"name": text[:120]})
