"""Values a module imports from another module of the job (`from hooks import SUMMARY`).

The program links the job's functions and classes (engine.Flow.linked); a value the other module's body
computes (`SUMMARY = x[:3].tolist()`, `HOOKS = {"summary": summary}`) is not a function the flow can
apply. What it holds is what that module's own analysis bound to the name (engine.Flow.module_env), read
at home; the flow takes what it cannot find there as a value of unknown provenance."""

from __future__ import annotations

import libcst as cst

from ..resolve import FuncRef, Resolver, Scope, module_name


def homes(r: Resolver, name: str) -> list[tuple[Resolver, str]]:
    """(module of the job, name there) for each import of `name` at the top of `r` from another module of the
    job that binds it to a value rather than a function or class of its own."""
    program = r.program
    if program is None:
        return []
    if name not in r.root.bindings:  # `from stats import *`: a value of a module of the job it star-imports
        # (which copies what the module binds, never asking its __getattr__)
        return [(home, attr) for m in r.star_modules if not program._is_shared(m)
                for home, attr in _holders(r, m, name) if attr in home.root.bindings]
    out = []
    for v in r.root.bindings.get(name, ()):
        split = program._split(v) if isinstance(v, str) else None
        if split is None or not split[1] or split[2]:
            continue
        module, attr, _ = split
        if program._is_shared(module) or f"{module}.{attr}" in program.modules:
            continue  # a library's name too (the shadowing detector's), or a submodule (linked by name)
        out += _holders(r, module, attr)
    return out


def attribute_homes(r: Resolver, node: cst.Attribute, scope: Scope) -> list[tuple[Resolver, str]]:
    """The same for `stats.SUMMARY`, an attribute of another module of the job imported whole."""
    program = r.program
    if program is None:
        return []
    attr = node.attr.value
    return [h for name in r.names(node.value, scope)
            if program.is_job_module_itself(name) and f"{name}.{attr}" not in program.modules
            for h in _holders(r, name, attr)]


def _holders(r: Resolver, module: str, attr: str) -> list[tuple[Resolver, str]]:
    """The files of `module` that bind `attr` to a value, or answer it with their module `__getattr__`."""
    out = []
    for path in r.program.modules.get(module, ()):
        home = r.program.resolver(path)
        if home is None or home is r:
            continue
        bound = home.root.bindings.get(attr) or home.root.bindings.get("__getattr__", ())
        if not bound or attr in home.root.bindings and any(
                isinstance(b, FuncRef) or (isinstance(b, str) and b.startswith("<class>.")) for b in bound):
            continue  # a function or class of the job: linked (Flow.linked)
        out.append((home, attr))
    return out


def getattr_functions(home: Resolver, attr: str) -> list[cst.FunctionDef]:
    """The module `__getattr__` functions that answer `attr` in `home`, which does not bind it (PEP 562)."""
    if attr in home.root.bindings:
        return []
    return [b.node for b in home.root.bindings.get("__getattr__", ()) if isinstance(b, FuncRef)]


def bound_by_body(home: Resolver, attr: str) -> bool:
    """Whether the module binds `attr` at its top by its own statements only (no import, no `globals()`
    store, which its analysis does not bind), so that what its analysis left unbound holds nothing of the site's."""
    if attr not in home.root.bindings:
        return False
    for use in home.imports:
        if use.scope is not home.root:
            continue
        node = use.node
        names = node.names if isinstance(node.names, (list, tuple)) else ()
        for alias in names:
            bound = alias.asname.name.value if alias.asname is not None else \
                module_name(alias.name).split(".")[0] if isinstance(node, cst.Import) else module_name(alias.name)
            if bound == attr:
                return False
    return True


def any_value(r: Resolver) -> bool:
    """Whether the module imports a value (not a function or class) from another module of the job, or reads
    one as an attribute of that module."""
    return any(homes(r, name) for name in r.root.bindings) or any(
        attribute_homes(r, u.node, u.scope) if isinstance(u.node, cst.Attribute) else
        r.star_modules and isinstance(u.node, cst.Name) and homes(r, u.node.value) for u in r.loads)
