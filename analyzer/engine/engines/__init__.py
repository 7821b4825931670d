"""Extra engines beside jobgate's own rules: bandit and semgrep.

A site enables them in its policy (`engines: [bandit, semgrep]`) or a user
with `jobgate scan --engines`. They run on a private copy of exactly the bytes
that were digested (never on the live folder, which could change under them),
with their own suppression comments switched off. An engine that fails, is
missing or times out is an `unanalyzable` finding: it never lets a job pass.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path
from typing import Callable

from .. import isolate
from ..collect import Content
from ...model import Finding
from ...policy import Policy

Engine = Callable[[Path, list[str], Policy], list[Finding]]


def failed(engine: str, message: str, path: str = "", fix: str = "") -> Finding:
    return Finding(
        rule=f"unanalyzable.engine-{engine}", category="unanalyzable", severity="high", confidence="high",
        path=path, line=0, column=0, message=f"{engine} could not check this unit: {message}", engine=engine,
        never_accept=True, why="The engine was asked for (--engines or the policy's `engines`); without its verdict "
                               "the gate cannot accept.",
        fix=fix or f"Install {engine} where the gate runs (pip install 'jobgate[{engine}]') or scan without it (no --engines "
            f"{engine}; a site removes it from its policy's `engines`); if it is installed and failed on this job, the "
            "site's reviewer reads the job.",
    )


def _engines() -> dict[str, Engine]:
    from . import bandit_engine, semgrep_engine

    return {"bandit": bandit_engine.run, "semgrep": semgrep_engine.run}


def run_engines(content: Content, policy: Policy, names: tuple[str, ...]) -> list[Finding]:
    python = [f.path for f in content.files if f.kind == "python" and f.path in content.data]
    if not names or not python:
        return []
    engines = _engines()
    findings: list[Finding] = []
    with tempfile.TemporaryDirectory(prefix="jobgate-engines-") as tmp:
        root = Path(tmp)
        for path in python:
            dest = root / path
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(content.data[path])
        for name in names:
            try:
                found = engines[name](root, python, policy)
            except Exception as err:  # noqa: BLE001 - an engine failure must not pass a job
                found = [failed(name, f"{type(err).__name__}: {err}")]
            findings += [_with_snippet(f, content) for f in found]
            isolate.partial(findings[-len(found):] if found else [])  # kept if the next engine runs past a limit
    return findings


def _with_snippet(finding: Finding, content: Content) -> Finding:
    data = content.data.get(finding.path)
    if finding.snippet or data is None or not finding.line:
        return finding
    lines = data.decode("utf-8", "replace").splitlines()
    snippet = lines[finding.line - 1].strip()[:240] if finding.line <= len(lines) else ""
    return dataclasses.replace(finding, snippet=snippet)
