"""Evasion: code that checks whether it is watched, or runs in a VM, before it acts.

Stealers and droppers look for debuggers, traffic monitors and sandbox
libraries among the running processes, and read the firmware's product name,
the hypervisor folder or the network card's vendor prefix to tell a VM (an
analyst's sandbox) from a victim. The names they look for are data
(rules/lists/evasion.yaml); this detector finds them among the job's strings.
"""

from __future__ import annotations

from typing import Iterator

from ..lists import matcher
from . import Hit, PythonContext, python_detector
from .paths import literal_texts

_TOOLS = matcher("evasion", "analysis-tools")
_MARKERS = matcher("evasion", "vm-markers")
_HINTS = (".exe", ".dll", ".sys", "/sys/", "/proc/scsi", "hardware\\", "software\\", "08:00:27", "00:0c:29", "00:50:56",
          "00:05:69", "00:1c:14", "00:1c:42", "00:16:3e", "0a:00:27")


@python_detector("evasion-literals")
def evasion_literals(ctx: PythonContext) -> Iterator[Hit]:
    low = ctx.source.lower()
    if not any(h in low for h in _HINTS):
        return
    for node, text in literal_texts(ctx.module, 2000):
        tool = _TOOLS.match(text)
        if tool is not None:
            yield Hit("obfuscation.analysis-evasion", ctx.path, node=node, details={"name": text[:120]})
        elif _MARKERS.match(text) is not None:
            yield Hit("obfuscation.vm-fingerprint", ctx.path, node=node, details={"name": text[:120]})
