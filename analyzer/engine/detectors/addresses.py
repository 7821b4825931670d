"""Addresses: URL shorteners and raw IP addresses in the job's strings.

A link shortener hides where a request goes, and a server reached by a bare
IP address has no name anyone registered: both are telltales that public
malware rule sets flag. The lists are data (rules/lists/network.yaml).
Loopback addresses stay on the machine and pass.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..lists import matcher
from . import Hit, PythonContext, python_detector
from .paths import literal_texts

_SHORTENERS = matcher("network", "url-shorteners")
_LOOPBACK = matcher("network", "loopback-hosts")
# An IPv4 address as a URL's host (`http://1.2.3.4/`, `tcp://10.0.0.5:23456`) or with a port (`1.2.3.4:4444`).
_IP_HOST = re.compile(r"(?:^|[a-z][a-z0-9+.-]*://(?:[^/@\s]*@)?)((?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3})"
                      r"(?=[:/]|$)(?::\d{1,5})?", re.IGNORECASE)
_SOURCE_HINT = re.compile(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}")


def raw_ip(text: str) -> str | None:
    """The first non-loopback IPv4 literal that a string uses as a host, or None."""
    text = text.strip()
    for m in _IP_HOST.finditer(text):
        if m.start(1) == 0 and not re.fullmatch(r"[\d.]+:\d{1,5}", text):
            continue  # a bare address counts only as `ip:port`: `1.2.3.4` alone is as often a version number
        if not _LOOPBACK.match(m.group(1)):
            return m.group(1)
    return None


def shortener(text: str) -> str | None:
    return _SHORTENERS.match(text)


@python_detector("network-literals")
def network_literals(ctx: PythonContext) -> Iterator[Hit]:
    src = ctx.source
    if not (_SOURCE_HINT.search(src) or _SHORTENERS.match(src)):
        return
    for node, text in literal_texts(ctx.module, 2000):
        short = shortener(text)
        if short is not None:
            yield Hit("network.url-shortener", ctx.path, node=node, details={"name": text[:120]})
            continue
        ip = raw_ip(text)
        if ip is not None:
            yield Hit("network.raw-ip-address", ctx.path, node=node, details={"name": text[:120], "ip": ip})
