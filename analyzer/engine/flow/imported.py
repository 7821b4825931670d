"""Values a module imports from another module of the job (`from hooks import SUMMARY`).

The program links the job's functions and classes (engine.Flow.linked); a value the other module's body
computes (`SUMMARY = x[:3].tolist()`, `HOOKS = {"summary": summary}`) is not a function the flow can
apply. What it holds is what that module's own analysis bound to the name (engine.Flow.module_env), read
at home; the flow takes what it cannot find there as a value of unknown provenance."""

from __future__ import annotations

from ..resolve import FuncRef, Resolver


def homes(r: Resolver, name: str) -> list[tuple[Resolver, str]]:
    """(module of the job, name there) for each import of `name` at the top of `r` from another module of the
    job that binds it to a value rather than a function or class of its own."""
    program = r.program
    if program is None:
        return []
    out = []
    for v in r.root.bindings.get(name, ()):
        split = program._split(v) if isinstance(v, str) else None
        if split is None or not split[1] or split[2]:
            continue
        module, attr, _ = split
        if program._is_shared(module) or f"{module}.{attr}" in program.modules:
            continue  # a library's name too (the shadowing detector's), or a submodule (linked by name)
        for path in program.modules.get(module, ()):
            home = program.resolver(path)
            if home is None or home is r:
                continue
            bound = home.root.bindings.get(attr, ())
            if not bound or any(isinstance(b, FuncRef) or (isinstance(b, str) and b.startswith("<class>.")) for b in bound):
                continue  # a function or class of the job: linked (Flow.linked)
            out.append((home, attr))
    return out


def any_value(r: Resolver) -> bool:
    """Whether the module imports a value (not a function or class) from another module of the job."""
    return any(homes(r, name) for name in r.root.bindings)
