"""A rule in words: what it looks for, why a site cares, its examples, and
how to rewrite code so that it passes (`jobgate explain RULE_ID`, the SARIF
rule help, the HTML report's notes)."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from ..engine.rules import Rule

_PLACEHOLDER = re.compile(r"\{(\w+)(?:![rsa])?(?::[^{}]*)?\}")
_LANGUAGE = {".py": "python", ".ipynb": "json", ".json": "json", ".conf": "hocon", ".yaml": "yaml", ".yml": "yaml"}


def headline(rule: Rule) -> str:
    """The rule's message with its placeholders named: `HTTP request with <name>`."""
    return _PLACEHOLDER.sub(r"<\1>", rule.message)


def looks_for(rule: Rule) -> list[str]:
    m = rule.match
    parts = [f"{what}: {', '.join(names)}" for what, names in
             (("calls", m.calls), ("imports", m.imports), ("references", m.references)) if names]
    if m.where:
        parts.append("only where " + "; ".join(_condition(c) for c in m.where))
    if m.detector:
        parts.append(f"the {m.detector} detector")
    return parts


def _condition(c) -> str:
    named = [f"argument {c.arg}"] if isinstance(c.arg, int) else []
    named += [f"keyword {k}" for k in c.keywords]
    target = " or ".join(named) or ("the receiver" if c.receiver else "the result")
    for test in ("is_", "is_not", "regex", "dynamic", "present"):
        if test in c.model_fields_set:
            return f"{target} {test.rstrip('_').replace('_', ' ')} {getattr(c, test)!r}"
    return target


def fix(rule: Rule) -> str:
    return rule.fix or "Remove the code, or ask the site's reviewer to approve this exact job."


def text(rule: Rule) -> str:
    out = [f"{rule.id}  ({rule.category}, severity {rule.severity}, confidence {rule.confidence}"
           + (", never accepted" if rule.never_accept else "") + ")",
           "", f"Reports: {headline(rule)}", "", "Looks for:"]
    out += [f"  {p}" for p in looks_for(rule)]
    out += ["", "Why a site cares:", f"  {rule.why}", "", "How to pass:", f"  {fix(rule)}"]
    out += ["", f"Flagged (as {rule.examples.file}):"] + _examples(rule.examples.match)
    if rule.examples.no_match:
        out += ["", "Not flagged by this rule:"] + _examples(rule.examples.no_match)
    return "\n".join(out) + "\n"


def markdown(rule: Rule) -> str:
    out = [f"**{headline(rule)}** ({rule.category}, {rule.severity})", "", f"**Why:** {rule.why}", "",
           f"**How to pass:** {fix(rule)}", "", f"Flagged (as `{rule.examples.file}`):", "",
           *_fenced(rule, rule.examples.match)]
    if rule.examples.no_match:
        out += ["", "Not flagged by this rule:", "", *_fenced(rule, rule.examples.no_match)]
    return "\n".join(out)


def _examples(codes: tuple[str, ...]) -> list[str]:
    lines = []
    for code in codes:
        lines += ["    " + ln for ln in code.splitlines()] + [""]
    return lines[:-1]


def _fenced(rule: Rule, codes: tuple[str, ...]) -> list[str]:
    language = _LANGUAGE.get(PurePosixPath(rule.examples.file).suffix, "")
    return ["```" + language, "\n\n".join(codes), "```"]
