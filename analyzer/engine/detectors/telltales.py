"""Telltales among the job's strings: what only malware spells.

Droppers fetch xmrig (or another miner), start it pointed at a pool
(`stratum+tcp://...`) and pay into the author's wallet; others keep a reverse
shell, a Windows proxy execution or a PowerShell download cradle as a literal
until they write it to a batch file or hand it to a shell the gate may not see.
The programs, pools, wallets and command lines are data (rules/lists/miners.yaml,
rules/lists/payloads.yaml); this detector finds them among the job's strings, and
among the strings it builds from constants (`"/dev/" + "tcp/..."`, `" ".join(["nc", ..., "/bin/" + "sh"])`,
an f-string of constant fields), which the resolver folds.
"""

from __future__ import annotations

from typing import Iterator

import libcst as cst

from ..lists import matcher
from ..fold import Evaluation
from ..resolve import Const, Resolver, Scope
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
    # a payload passed on (`write(line)`, `"x" + line`, a list holding it) is reported where first spelled or built
    seen: set[str] = set()
    literals = list(literal_texts(ctx.module, 2000))
    for node, text in literals:
        rule = _telltale(text)
        if rule is not None:
            seen.add(text)
            yield Hit(rule, ctx.path, node=node, details={"name": text[:120]})
    evaluate = Evaluation.of(ctx.resolver)
    for node, scope in _built(ctx.resolver):
        for text in _texts(ctx.resolver, evaluate, node, scope):
            if len(text) > 2000 or any(s in text for s in seen):
                continue
            rule = _telltale(text)
            if rule is not None:
                seen.add(text)
                yield Hit(rule, ctx.path, node=node, details={"name": text[:120]})
    if not seen:
        yield from _in_parts(ctx.path, literals)


def _in_parts(path: str, literals: list[tuple[cst.CSTNode, str]]) -> Iterator[Hit]:
    """A payload kept in pieces that nothing above puts together (`PARTS = [...]` joined in another function,
    `words = ["nc"]; words += ["-e", ...]`): the module's literals read in source order as one text, and each run
    of one-word literals as the command line it spells. A telltale is hostile wherever it is spelled, so reading
    more of the text only adds findings; reported at the literal that completes it."""
    words = [(node, text) for node, text in literals if text and not any(c.isspace() for c in text)]
    for parts, sep in ((literals, ""), (words, " ")):
        text = sep.join(t for _, t in parts)
        rule = _telltale(text) if len(parts) > 1 else None
        if rule is None:
            continue
        lo, hi = 2, len(parts)  # the shortest run of literals from the first that spells it
        while lo < hi:
            mid = (lo + hi) // 2
            lo, hi = (lo, mid) if _telltale(sep.join(t for _, t in parts[:mid])) == rule else (mid + 1, hi)
        yield Hit(rule, path, node=parts[lo - 1][0], details={"name": sep.join(t for _, t in parts[:lo])[-120:]})
        return


def _telltale(text: str) -> str | None:
    return next((rule for rule, telltales in _TELLTALES if telltales.match(text) is not None), None)


def _texts(r: Resolver, evaluate: Evaluation, node: cst.BaseExpression, scope: Scope) -> Iterator[str]:
    """What a built expression may evaluate to: the values the resolver folds it to, and what Python computes
    from its literals (pieces put in another order: `"".join(P[i] for i in ORDER)`, `reversed(P)`, `L[::-1]`,
    a dict read by sorted keys, `str.translate`); a list or tuple of words is read as the command line it spells
    (`["nc", host, "4444", "-e", "/bin/sh"]`, joined or handed to a program as it is), `?` for a word not known."""
    if isinstance(node, (cst.List, cst.Tuple)):
        words, size = [], 0
        for el in node.elements:
            consts = [c for c in r.constants(el.value, scope) if isinstance(c, str)] if size <= 2000 else []
            words.append(consts[0] if len(consts) == 1 else "?")
            size += len(words[-1]) + 1
        yield " ".join(words)
        return
    computed = evaluate(node, scope)
    if isinstance(computed, (list, tuple)) and all(isinstance(w, str) for w in computed):
        computed = " ".join(computed)  # an argv list put in order (`Popen(W[::-1])`)
    for text in (*(v.value for v in r.values(node, scope) if isinstance(v, Const)), computed):
        if isinstance(text, bytes):
            text = text.decode("utf-8", "replace")
        if isinstance(text, str):
            yield text


# What builds a string at run time (a literal itself is read above, a name where it is bound), the lists of
# words a command line is kept in, and items or slices of displays; a call handed to a call is among the job's calls
_ARGUMENTS = (cst.BinaryOperation, cst.FormattedString, cst.List, cst.Tuple, cst.Subscript)
_BUILDS = (*_ARGUMENTS, cst.Call)


def _built(r: Resolver) -> Iterator[tuple[cst.BaseExpression, Scope]]:
    """The string-building expressions the job binds to a name or hands to a call, with their scopes (the bound
    ones first: they are the smaller parts a call's argument is built of)."""
    for scope in (r.root, *r.scope_of.values(), *(s for bodies in r.class_scopes.values() for s in bodies)):
        for items in scope.bindings.values():
            for item in items:
                if isinstance(item, tuple) and isinstance(item[0], _BUILDS):
                    yield item
    for use in r.calls:
        func = use.node.func
        # a method of a constant string (`" ".join(words)`, `"...{}".format(host)`, `b"...".decode()`); not every
        # method call: folding `m.forward(x).sum()` evaluates what functions return
        if isinstance(func, cst.Attribute) and any(isinstance(c, (str, bytes))
                                                   for c in r.constants(func.value, use.scope)):
            yield use.node, use.scope
        for arg in use.node.args:
            if isinstance(arg.value, _ARGUMENTS):
                yield arg.value, use.scope
