"""SARIF 2.1.0, as GitHub code scanning reads it.

One run for the whole scan: `tool.driver.rules` holds every loaded rule and
any other rule a finding names (an engine's, an internal error), so a new
rule pack needs no change here; one result per finding; each job's decision,
score and digest in the run's `properties.jobgate.jobs`, and the files with
their sha-256 in `artifacts`. Locations are relative to the repository's top,
`uriBaseId` `%SRCROOT%`, which `originalUriBaseIds` gives as an absolute URI
(GitHub reads a relative URI against the checkout and ignores both); a unit
outside the repository is named by an absolute `file:` URI. A finding in a
notebook's cell or an archive's member is placed in the notebook (at the line
of its JSON that holds the cell's line) or the archive, one of the whole job
or of no file of it on its meta file, and its message says where exactly. Columns are 1-based, as SARIF counts them.

`partialFingerprints` hash the rule, the file, the finding's source line
(whitespace-normalised) and its rank among identical lines of that file, so
an alert keeps its identity when unrelated lines move.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from ..model import FileEntry, Finding
from ..engine.rules import Rule
from ..version import VERSION
from . import explain
from .run import Run, Scanned, column, escaped, place

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/jobgate/jobgate"
FINGERPRINT = "jobgate/v1"
SRCROOT = "%SRCROOT%"

LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
# GitHub's bands: >= 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low.
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "0.5"}


def _descriptor(rule_id: str, category: str, severity: str, confidence: str, short: str, full: str,
                help_text: str, help_md: str) -> dict:
    descriptor = {
        "id": rule_id,
        "name": rule_id,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": help_text, "markdown": help_md},
        "defaultConfiguration": {"level": LEVEL[severity]},
        "properties": {"tags": ["security", category], "security-severity": SECURITY_SEVERITY[severity],
                       "precision": confidence},
    }
    pack = _builtin_pack(rule_id)
    if pack:
        descriptor["helpUri"] = f"{INFORMATION_URI}/blob/v{VERSION}/rules/{pack}.yaml"
    return descriptor


@functools.cache
def _builtin_pack_ids(pack: str) -> frozenset[str]:
    from ..engine.compiled import builtin_folder

    path = builtin_folder() / f"{pack}.yaml"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    return frozenset(re.findall(r"^\s*- id:\s*(\S+)\s*$", text, re.M))


def _builtin_pack(rule_id: str) -> str:
    """The built-in pack that defines `rule_id` (whose file at this release documents it), else ""."""
    pack = rule_id.partition(".")[0]
    return pack if rule_id in _builtin_pack_ids(pack) else ""


def _from_rule(rule: Rule) -> dict:
    return _descriptor(rule.id, rule.category, rule.severity, rule.confidence, explain.headline(rule), rule.why,
                       f"{rule.why}\nHow to pass: {explain.fix(rule)}", explain.markdown(rule))


def _from_finding(f: Finding) -> dict:
    """A rule the loaded packs do not hold (an engine's, an internal error): described by its finding."""
    how = f.fix or "Ask the site's reviewer."
    return _descriptor(f.rule, f.category, f.severity, f.confidence, f.message, f.why or f.message,
                       f"{f.why}\nHow to pass: {how}".strip(), f"{f.why}\n\n**How to pass:** {how}".strip())


def _uri(path: str) -> str:
    return quote(path.encode("utf-8", "surrogateescape"))


def _artifact(run: Run, unit: Scanned, path: str) -> dict:
    """A unit's file: relative to the repository's top, or an absolute `file:` URI outside it."""
    named = run.path(unit, path)
    if Path(named).is_absolute():
        return {"uri": Path(named).as_uri()}
    return {"uri": _uri(named), "uriBaseId": SRCROOT}


def _artifact_of(run: Run, unit: Scanned, f: FileEntry) -> dict:
    """A file of the unit with its hash; a file past the hashing budget (sha256 "" in the JSON report) has none
    to give, and a hash that is not one would not be honest."""
    hashes = {"hashes": {"sha-256": f.sha256}} if f.sha256 else {}
    return {"location": _artifact(run, unit, f.path), **hashes}


def _location(run: Run, unit: Scanned, f: Finding) -> tuple[dict, str]:
    """The finding's location, and where inside its file it is when that file is a notebook or an archive."""
    at = place(unit, f)
    physical: dict = {"artifactLocation": _artifact(run, unit, at.path)}
    if at.line > 0:
        physical["region"] = {"startLine": at.line}
        if not at.inner:
            physical["region"]["startColumn"] = column(f)
            if f.snippet:
                physical["region"]["snippet"] = {"text": f.snippet}
    return {"physicalLocation": physical}, at.inner


def _results(run: Run, unit: Scanned, index: dict[str, int]) -> list[dict]:
    results = []
    rank: Counter = Counter()
    for f in unit.report.findings:  # sorted by place, so equal lines keep their order
        uri = run.path(unit, f.path)
        key = (f.rule, uri, " ".join((f.snippet or f.message).split()))
        rank[key] += 1
        fingerprint = hashlib.sha256("\0".join([*key, str(rank[key])]).encode("utf-8", "surrogateescape"))
        location, inner = _location(run, unit, f)
        results.append({
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": LEVEL[f.severity],
            "message": {"text": f"{f.message} (at {run.path(unit, inner)})" if inner else f.message},
            "locations": [location],
            "partialFingerprints": {FINGERPRINT: fingerprint.hexdigest()},
            "properties": {"category": f.category, "severity": f.severity, "confidence": f.confidence,
                           "engine": f.engine, "job": unit.report.digest},
        })
    return results


def _job(run: Run, unit: Scanned) -> dict:
    r = unit.report
    return {"target": run.target(unit), "name": r.name, "digest": r.digest, "decision": r.decision.value,
            "score": r.score, "scoreBreakdown": dict(r.score_breakdown), "reasons": list(r.reasons),
            "allowlisted": r.allowlisted}


def document(run: Run) -> dict:
    descriptors = [_from_rule(rule) for rule in sorted(run.rules.values(), key=lambda r: r.id)]
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    for unit in run.units:
        for f in unit.report.findings:
            if f.rule not in index:
                index[f.rule] = len(descriptors)
                descriptors.append(_from_finding(f))
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "jobgate", "version": VERSION, "semanticVersion": VERSION,
                                "informationUri": INFORMATION_URI, "rules": descriptors}},
            "invocations": [{"executionSuccessful": True}],
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": {SRCROOT: {"uri": _folder_uri(run.real_base)}},
            "artifacts": [_artifact_of(run, unit, f) for unit in run.units for f in unit.report.files],
            "results": [res for unit in run.units for res in _results(run, unit, index)],
            "properties": {"jobgate": {"jobs": [_job(run, unit) for unit in run.units],
                                       "deleted": list(run.deleted)}},
        }],
    }


def _folder_uri(folder: str) -> str:
    uri = Path(folder).as_uri()
    return uri if uri.endswith("/") else uri + "/"  # a base URI ends with a slash (SARIF 3.14.14)


def _unicode(value):
    """The document with a file name's undecodable bytes (lone surrogates, `\\udcff`) written as `\\xff`: a lone
    surrogate is no Unicode, and strict JSON readers refuse its escape (hardening45: a job's file `bad\\xff.py`)."""
    if isinstance(value, str):
        return "".join(escaped(ch) if "\ud800" <= ch <= "\udfff" else ch for ch in value) \
            if any("\ud800" <= ch <= "\udfff" for ch in value) else value
    if isinstance(value, dict):
        return {_unicode(k): _unicode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unicode(v) for v in value]
    return value


def render(run: Run, color: bool = False) -> str:
    return json.dumps(_unicode(document(run)), indent=2, ensure_ascii=True) + "\n"
