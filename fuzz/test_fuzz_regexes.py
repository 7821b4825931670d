"""Every regular expression the gate keeps at module level, and every list of rules/lists that searches a
text, against long texts an author would write to make a pattern retry from each character (session 48:
five patterns took 20 s to two minutes on 40,000 characters). A text of one repeated character or pair after
a prefix the patterns look for. A search of 16,000 characters takes under 10 ms in one pass and took 3 to
15 s in each of those five; the bound is half a second.

Patterns anchored by their callers (a `fullmatch` of a flow vocabulary, a site policy's image references) are
not searched here; `_IP_HOST` is searched as its one caller, `raw_ip`, searches it.
`make fuzz` runs it (about four minutes)."""

from __future__ import annotations

import importlib
import pkgutil
import re
import time

import pytest

import analyzer
from analyzer.engine import lists
from analyzer.engine.detectors import addresses

CHARS = [*"a0 /.\\-_:@\t\n=\"'`$(){}[],;*+?%&#!~|<>^A\u200b",
         "ab", "a ", "a.", "a/", "a-", "0.", "a=", "\\\\", "//", "..", "a:", "%2", "${", "a_", "-a", ".py", "?=", "&a"]
# Read only with fullmatch, or of the site's own policy, never a job's text.
ANCHORED = {"analyzer.policy._IMAGE_REFERENCE", "analyzer.engine.shell._ANSWERED"}
# Searched by one caller that picks where a match can start.
CALLERS = {"analyzer.engine.detectors.addresses._IP_HOST": addresses.raw_ip}
PREFIXES = ["", "http://", "/", "~/", "key=", "curl ", "os.", "python ", "C:\\", "${", "-c ", "#", "%", "@"]


def _searches() -> dict[str, object]:
    found, seen = {}, set()
    for info in pkgutil.walk_packages(analyzer.__path__, "analyzer."):
        for name, value in vars(importlib.import_module(info.name)).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str) and id(value) not in seen:
                seen.add(id(value))
                key = f"{info.name}.{name}"
                if key not in ANCHORED:
                    found[key] = CALLERS.get(key, value.search)
    for matcher in lists.every_matcher():
        if matcher.spec.kind in ("regex", "command", "prefix", "scheme"):
            found[f"lists.{matcher.name}"] = matcher._search
    return found


SEARCHES = _searches()


@pytest.mark.parametrize("name", sorted(SEARCHES))
def test_a_search_takes_one_pass_over_the_text(name):
    for prefix in PREFIXES:
        for c in CHARS:
            text = prefix + c * (16_000 // len(c)) + "\x01"
            start = time.process_time()
            SEARCHES[name](text)
            assert time.process_time() - start < 0.5, (prefix, c)
