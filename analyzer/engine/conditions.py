"""Conditions on a call's arguments, for threat rules and catalogue entries.

A threat rule's condition fails closed by counting what cannot be decided
statically as holding (`shell=flag` may be True). A catalogue entry's
condition is `strict`: it vouches only for what the gate can prove
(`weights_only=flag` is not known to be True).
"""

from __future__ import annotations

import re

import libcst as cst

from .resolve import Resolver, Scope
from .rules import Condition


def _argument(call: cst.Call, cond: Condition) -> tuple[bool, cst.BaseExpression | None]:
    """(present, value) of the argument a condition is about; value None when
    it may be hidden in *args or **kwargs."""
    keyword = cond.kwarg if cond.kwarg is not None else (cond.arg if isinstance(cond.arg, str) else None)
    if keyword is not None:
        for a in call.args:
            if a.keyword is not None and a.keyword.value == keyword:
                return True, a.value
        if any(a.star == "**" for a in call.args):
            return True, None
    if isinstance(cond.arg, int):
        positional = [a for a in call.args if a.keyword is None]
        for i, a in enumerate(positional):
            if a.star:
                return True, None
            if i == cond.arg:
                return True, a.value
    return False, None


UNKNOWN = object()


def constant(resolver: Resolver, value: cst.BaseExpression | None, scope: Scope) -> object:
    """The one constant an argument folds to, else UNKNOWN."""
    if value is None:
        return UNKNOWN
    if isinstance(value, (cst.List, cst.Tuple)):
        # An argv list reads as its command line; parts the gate cannot fold read as "?".
        parts = [constant(resolver, el.value, scope) for el in value.elements]
        return " ".join(p if isinstance(p, str) else "?" for p in parts)
    consts = resolver.constants(value, scope)
    return consts[0] if len(consts) == 1 and len(resolver.values(value, scope)) == 1 else UNKNOWN


def leads(resolver: Resolver, value: cst.BaseExpression, scope: Scope, where: str, guarded: bool = False) -> bool:
    """Whether a path argument provably leads `where` (see Condition.path): every
    candidate, as the file rules fold it and as the resolver sees it, is known
    and plain (URL parsers strip blanks: ' https://h' is fetched).

    `guarded`: the site's process guard holds the same line at run time (writes
    only inside the job's folder, no code files, no network), so a candidate
    known only then (a parameter, an argument, a computed name) is left to it.
    What the gate does know is still judged: `/mnt/share/<arg>` never vouches."""
    from .detectors.paths import UNKNOWN, PathFolder, is_local, is_network, is_url, site_reserved

    candidates = PathFolder.of(resolver).fold(value, scope) | {
        c for c in resolver.constants(value, scope) if isinstance(c, str)}
    if guarded:
        # Known only at run time: the guard's. A known tail still says what the file is (`?/x.py`, `?/log.txt`).
        later = {p for p in candidates if p.startswith((UNKNOWN, "<arg>"))}
        if any(site_reserved(p) for p in later):
            return False
        candidates -= later
        if not candidates:
            return True
    if not candidates or any((UNKNOWN in p and not guarded) or not _plain(p) for p in candidates):
        return False
    if where == "local":
        return not any(is_network(p) or is_url(p) for p in candidates)
    return all(is_local(p) and not site_reserved(p) for p in candidates)


def holds(resolver: Resolver, call: cst.Call, scope: Scope, cond: Condition, strict: bool = False,
          guarded: bool = False, deferred: bool = False) -> bool:
    """`guarded` (catalogue entries, under a policy with the process guard): a path
    known only at run time is left to the guard (see `leads`). `deferred` (an entry
    marked `guarded`): so is a value hidden in *args or **kwargs (settings read from
    the job's configuration), except for an argument the entry says must be absent
    (`trust_remote_code`); what the call spells out is still judged."""
    present, value = _argument(call, cond)
    hidden = present and value is None
    if hidden and deferred and cond.present is None:
        return True
    if cond.path is not None:
        if hidden:
            return guarded and strict
        return present and leads(resolver, value, scope, cond.path, guarded and strict)
    if cond.present is not None:
        return present == cond.present and not (strict and hidden)
    const = constant(resolver, value, scope) if present else UNKNOWN
    known = const is not UNKNOWN
    if cond.dynamic is not None:
        return present and (not known) == cond.dynamic
    if "is_" in cond.model_fields_set:
        return present and (const == cond.is_ if known else not strict)
    if "is_not" in cond.model_fields_set:
        if not present:
            return True
        return const != cond.is_not if known else not strict
    if strict and isinstance(const, str) and not _plain(const):
        return False
    # regex: only strings the gate could fold
    return present and isinstance(const, str) and re.search(cond.regex, const) is not None


def _plain(text: str) -> bool:
    """No surrounding blanks, no control characters: what libraries strip or skip
    (`urlsplit(" https://h")` is a URL) cannot slip past a pattern that vouches."""
    return text == text.strip() and text.isprintable()
