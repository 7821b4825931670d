"""Addresses: telltale hosts and raw IP addresses in the job's strings.

A link shortener hides where a request goes, a collector (a webhook catcher,
an out-of-band testing host, a tunnel, a paste drop, a chat bot's API) exists
to hand whatever reaches it to whoever made the link, an address look-up
service tells a stealer which network it reached, and a server reached by a
bare IP address has no name anyone registered: all are telltales that public
malware rule sets flag. The lists are data (rules/lists/network.yaml).
Loopback addresses stay on the machine and pass.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Iterator

from ..lists import matcher
from . import Hit, PythonContext, python_detector
from .paths import literal_texts

_SHORTENERS = matcher("network", "url-shorteners")
_HOSTS = (  # rule, list: the first that names a string's host reports it
    ("network.collector-host", matcher("network", "collectors")),
    ("network.collector-host", matcher("network", "collector-urls")),
    ("network.collector-host", matcher("network", "bot-tokens")),
    ("network.address-lookup", matcher("network", "address-lookups")),
    ("network.url-shortener", _SHORTENERS),
)
_LOOPBACK = matcher("network", "loopback-hosts")
# An IPv4 address as a URL's host (`http://1.2.3.4/`, `tcp://10.0.0.5:23456`) or with a port (`1.2.3.4:4444`).
_IP_HOST = re.compile(r"(?:^|[a-z][a-z0-9+.-]*://(?:[^/@\s]*@)?)((?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3})"
                      r"(?=[:/]|$)(?::\d{1,5})?", re.IGNORECASE)
_SOURCE_HINT = re.compile(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}")


def _public_address(text: str) -> bool:
    """A bare dotted quad that is a public address and no version number (`1.2.3.4`, `2.0.0.1`):
    versions keep to small numbers, addresses seldom do."""
    try:
        address = ipaddress.IPv4Address(text)
    except ValueError:
        return False
    return address.is_global and max(address.packed) >= 32


_SCHEME_CHAR = re.compile(r"[a-z0-9+.-]", re.IGNORECASE)
_SCHEME_FIRST = re.compile(r"[a-z]", re.IGNORECASE)


def _ip_hosts(text: str) -> Iterator[re.Match]:
    """What `_IP_HOST.finditer(text)` finds, tried only where a match can start: the text's start, and the first
    letter of the scheme before each `://` (every letter of that word starts the same match). finditer tried every
    character of a long word as a start, each scanning the rest of it (20,000 letters: 1.2 s, session 48)."""
    pos = 0
    m = _IP_HOST.match(text)
    if m is not None:
        yield m
        pos = m.end()
    k = text.find("://", pos + 1)
    while k >= 0:
        start = k
        while start > pos and _SCHEME_CHAR.match(text, start - 1):
            start -= 1
        while start < k and not _SCHEME_FIRST.match(text, start):
            start += 1
        m = _IP_HOST.match(text, start) if start < k else None
        if m is not None:
            yield m
            pos = m.end()
        k = text.find("://", max(k + 1, pos + 1))


def raw_ip(text: str) -> str | None:
    """The first non-loopback IPv4 literal that a string uses as a host, or None."""
    text = text.strip()
    for m in _ip_hosts(text):
        if m.start(1) == 0 and not re.fullmatch(r"[\d.]+:\d{1,5}", text) and not _public_address(text):
            continue  # a bare address counts as `ip:port`, or as a public address unlike a version number
        if not _LOOPBACK.match(m.group(1)):
            return m.group(1)
    return None


def shortener(text: str) -> str | None:
    return _SHORTENERS.match(text)


@python_detector("network-literals")
def network_literals(ctx: PythonContext) -> Iterator[Hit]:
    src = ctx.source
    if not (_SOURCE_HINT.search(src) or any(hosts.match(src) for _, hosts in _HOSTS)):
        return
    for node, text in literal_texts(ctx.module, 2000):
        rule = next((rule for rule, hosts in _HOSTS if hosts.match(text) is not None), None)
        if rule is not None:
            yield Hit(rule, ctx.path, node=node, details={"name": text[:120]})
            continue
        ip = raw_ip(text)
        if ip is not None:
            yield Hit("network.raw-ip-address", ctx.path, node=node, details={"name": text[:120], "ip": ip})
