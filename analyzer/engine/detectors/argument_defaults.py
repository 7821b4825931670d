"""Command-line defaults: a network location, a credential or start-up file, or a remote rendezvous host that the
job's own code declares as an option's value when the command line does not give one.

The config detector judges the values a job's config passes to its script (configs.py `_argument_hit`:
config-attack.argument-network-path and its kin), and the path fold follows an option's `default=` into
`args.out` after `args = parser.parse_args()` (paths.py `PathFolder.arguments`). A value declared in the code
reaches the script by other roads the fold does not follow: `args, _ = parser.parse_known_args()`,
`parse_known_args()[0]`, `vars(args)["out"]`, `getattr(args, "out")`, `parse_args(namespace=ns)`, and
values declared elsewhere than `default=` (`set_defaults(out=...)`, `const=`,
`ArgumentParser(argument_default=...)`). All of them were accepted with a URL reader or a write outside the job
behind them (red team 53b). Whichever road reads it, a declared value is what the script works with when the
site's command line is silent, so it is judged here as a config's value is, where it is declared.
"""

from __future__ import annotations

from typing import Iterator

import libcst as cst

from ..fold import spread_args
from . import Hit, PythonContext, python_detector
from .configs import _argument_hit
from .paths import UNKNOWN, PathFolder
from .rendezvous import address_is_local

# The declarations whose keyword values are an option's value when the command line gives none.
_DECLARING = {"add_argument": ("default", "const"), "ArgumentParser": ("argument_default",)}
_SET_DEFAULTS = "set_defaults"
# Conversions that keep a text option's value the text it is (or make a number of it): not followed.
_BUILTIN_TYPES = frozenset({"str", "int", "float", "bool", "Path"})
# The config detector's rule for a value its config passes, and this detector's for a value the code declares.
_AS_DEFAULT = {"config-attack.argument-network-path": "config-attack.default-network-path",
               "config-attack.argument-sensitive-path": "config-attack.default-sensitive-path",
               "config-attack.rendezvous-remote": "config-attack.default-rendezvous-remote"}


def _declared(call: cst.Call, names: set[str]) -> Iterator[tuple[str, cst.BaseExpression, cst.BaseExpression]]:
    """(option, value expression, where it is written) for each value the call declares for a parser's options.
    A `**{...}` display is its items and `**opts` of a name the item the fold finds under each keyword (red team
    54b: `add_argument("--out", **{"default": URL})` was not read); a `type=` that is not a builtin converts the
    value (`type=lambda s: os.path.join(SHARE, s)`), so what it returns for the value is declared too."""
    spelled = call.func.attr.value if isinstance(call.func, cst.Attribute) else \
        call.func.value if isinstance(call.func, cst.Name) else ""
    # The resolved name, or the spelling when the receiver is a parameter the resolver cannot name
    # (`def add_args(parser): parser.add_argument(...)`).
    kinds = {n.rpartition(".")[2] for n in names} | {spelled}
    args = spread_args(call)
    if _SET_DEFAULTS in kinds:
        for a in args:
            if a.keyword is not None:
                yield f"--{a.keyword.value}", a.value, a.value
    for kind, keywords in _DECLARING.items():
        if kind not in kinds:
            continue
        flags = [a.value.evaluated_value for a in args if a.keyword is None and not a.star
                 and isinstance(a.value, cst.SimpleString) and isinstance(a.value.evaluated_value, str)]
        option = next((f for f in flags if f.startswith("--")), flags[0] if flags else kind)
        given = {a.keyword.value: a.value for a in args if a.keyword is not None}
        for a in args:
            if a.keyword is not None and a.keyword.value in keywords:
                yield option, a.value, a.value
            elif a.star == "**":
                for keyword in keywords + ("type",):
                    item = cst.Subscript(value=a.value, slice=[cst.SubscriptElement(cst.Index(
                        cst.SimpleString(repr(keyword))))])
                    given.setdefault(keyword, item)
                    if keyword != "type":
                        yield option, item, a.value
        convert = given.get("type")
        if convert is not None and not (isinstance(convert, cst.Name) and convert.value in _BUILTIN_TYPES):
            for keyword in keywords:
                if keyword in given:
                    yield option, cst.Call(func=convert, args=[cst.Arg(given[keyword])]), given[keyword]


@python_detector("argument-defaults")
def argument_defaults(ctx: PythonContext) -> Iterator[Hit]:
    r = ctx.resolver
    folder = PathFolder.of(r)
    for use in r.calls:
        for option, value, at in _declared(use.node, r.names(use.node.func, use.scope)):
            for text in sorted(folder.fold(value, use.scope)):
                # a service on this machine (`http://localhost:5000`, a local tracking server) stays here
                local = "://" in text and address_is_local(text)
                hit = None if text == UNKNOWN or local else _argument_hit(option, text)
                if hit is not None:
                    rule, name = hit
                    yield Hit(_AS_DEFAULT[rule], ctx.path, node=at, details={"name": name})
                    break
