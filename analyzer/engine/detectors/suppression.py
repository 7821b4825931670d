"""Suppression comments and scanner configuration inside the scanned code.

The code author is the adversary: a `# nosec` or a `.bandit` file in a job is
never honoured, and its presence is reported, since an honest job has no
reason to switch a security scanner off.
"""

from __future__ import annotations

import re
from typing import Iterator

from . import FileContext, Hit, PythonContext, file_detector, python_detector

# Comments aimed at security scanners (a finding that escalates), searched from a line's first `#` on
# (`#.*?\b(...)` tried every `#` as a start: a line of 40,000 `#` took 90 s, session 48) ...
_SECURITY = re.compile(r"\b(nosec|nosemgrep|jobgate\s*:\s*(?:ignore|skip|allow|disable)\w*|"
                       r"bandit\s*:\s*(?:skip|ignore)|noqa\s*:\s*S\d+|lint-ignore|lint-fixme|fixit-ignore)\b",
                       re.IGNORECASE)
# ... and ordinary linter pragmas (reported for information only).
_LINT = re.compile(r"#\s*(noqa\b|type\s*:\s*ignore\b|pylint\s*:\s*disable|pyright\s*:\s*ignore|mypy\s*:)",
                   re.IGNORECASE)


@python_detector("suppression")
def suppression_comments(ctx: PythonContext) -> Iterator[Hit]:
    if "#" not in ctx.source:
        return
    beside = False  # a linter pragma on a line that has a scanner's suppression was reported
    for number, line in enumerate(ctx.source.splitlines(), 1):
        if "#" not in line:
            continue
        security, lint = _SECURITY.search(line, line.index("#") + 1), _LINT.search(line)
        if security:
            yield Hit("obfuscation.suppression-comment", ctx.path, number, security.start(1),
                      details={"name": security.group(1)})
        # A linter pragma beside a scanner's (`# noqa: E402  # nosec`), unless it is that very comment
        # (`# noqa: S603`), is reported too, so that adding a `# nosec` hides no rule; the first in the file
        # only, since such a line is a finding already (50,000 of them: 50,000 findings fewer).
        if lint and not (security and (beside or lint.start(1) == security.start(1))):
            beside = beside or security is not None
            yield Hit("obfuscation.lint-pragma", ctx.path, number, lint.start(1), details={"name": lint.group(1)})


# Files that configure scanners or jobgate: names, and sections inside shared config files.
_CONFIG_NAMES = re.compile(r"(^|/)(\.bandit|bandit\.ya?ml|\.semgrepignore|\.semgrep\.ya?ml|\.semgrep/.*|"
                           r"\.jobgate.*|jobgate\.ya?ml|\.guarddog.*|\.fixit\.toml|fixit\.toml)$", re.IGNORECASE)
_CONFIG_SECTIONS = re.compile(rb"^\s*\[(tool\.(bandit|jobgate|semgrep|fixit)|bandit|jobgate)\]", re.MULTILINE)


@file_detector("scanner-config")
def scanner_config(ctx: FileContext) -> Iterator[Hit]:
    for entry in ctx.content.files:
        if _CONFIG_NAMES.search(entry.path):
            yield Hit("obfuscation.scanner-config", entry.path, details={"name": entry.path.rsplit("/", 1)[-1]})
        elif entry.path.endswith((".toml", ".cfg", ".ini")):
            m = _CONFIG_SECTIONS.search(ctx.content.data.get(entry.path, b""))
            if m:
                line = ctx.content.data[entry.path][: m.start()].count(b"\n") + 1
                yield Hit("obfuscation.scanner-config", entry.path, line,
                          details={"name": m.group(1).decode("ascii", "replace")})
