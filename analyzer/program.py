"""Program: the job's Python modules resolved as one program.

A name that starts with one of the job's modules (`helpers.send`,
`from .utils import make`, `from tools import *`) is looked up in that module,
so a function defined in one file and called in another, or a module handed
through another module's attribute, resolves to what it is. Modules are parsed
and resolved lazily, once, when a name first leads into them.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Callable

from .resolve import FuncRef, Resolver

# A chain of links longer than this (a imports b imports c ...) is left unresolved.
MAX_DEPTH = 8


def module_names(path: str) -> list[str]:
    """Every dotted name a file may be imported under: `app/custom/pkg/m.py` is
    `pkg.m` when custom/ is on sys.path, `m` when its own folder is, and so on."""
    p = PurePosixPath(path)
    parts = [*p.parent.parts, p.stem] if p.stem != "__init__" else list(p.parent.parts)
    if not parts or not parts[-1].isidentifier():
        return []
    names = []
    for i in range(len(parts)):
        tail = parts[i:]
        if all(part.isidentifier() for part in tail):
            names.append(".".join(tail))
    return names


class Program:
    def __init__(self, sources: dict[str, bytes], build: Callable[[str, bytes, "Program", str], Resolver | None]):
        """`sources`: path -> bytes of each Python file of the job; `build`
        parses one and returns its Resolver for this program (None when it
        does not parse)."""
        self._sources = sources
        self._build = build
        self.modules: dict[str, list[str]] = {}  # dotted name -> paths
        for path in sorted(sources):
            for name in module_names(path):
                self.modules.setdefault(name, []).append(path)
        self._tops = frozenset(name.split(".")[0] for name in self.modules)
        # Resolvers of the modules that names led into, kept until close():
        # their scopes hold their resolver only weakly.
        self._resolvers: dict[str, Resolver | None] = {}
        self._active: set[str] = set()
        # path -> the modules its names led into: what a file's findings depend on.
        self.edges: dict[str, set[str]] = {}

    def resolver(self, path: str) -> Resolver | None:
        if path not in self._resolvers:
            self._resolvers[path] = None  # a module that leads back to itself while being built
            self._resolvers[path] = self._build(path, self._sources[path], self, self.name_of(path))
        return self._resolvers[path]

    def close(self) -> None:
        """Let every module's tree go (the unit's analysis is over)."""
        self._resolvers.clear()

    def name_of(self, path: str) -> str:
        """The fullest dotted name of a file (its package decides relative imports)."""
        names = module_names(path)
        return names[0] if names else ""

    def is_job_module(self, name: str) -> bool:
        return self._split(name) is not None

    def _split(self, name: str) -> tuple[str, str, str] | None:
        """(module, attribute, rest) for `module.attribute<rest>`, or (module, "", "")."""
        if name.split(".", 1)[0].split("(", 1)[0] not in self._tops:
            return None
        parts = name.split(".")
        for i in range(len(parts), 0, -1):
            head = ".".join(parts[:i])
            if head in self.modules:
                if i == len(parts):
                    return head, "", ""
                attr, paren, after = parts[i].partition("(")
                rest = (paren + after if paren else "") + "".join("." + p for p in parts[i + 1:])
                return head, attr, rest
        return None

    def depends(self, path: str) -> list[str]:
        """Every module the file's resolution led into, directly or through others."""
        seen, todo = set(), [path]
        while todo:
            for nxt in self.edges.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        seen.discard(path)
        return sorted(seen)

    def link(self, values: frozenset, origin: str = "") -> frozenset:
        """Replace names that lead into the job's modules by what they name there."""
        if not any(isinstance(v, str) and v.split(".", 1)[0].split("(", 1)[0] in self._tops for v in values):
            return values
        out: set = set()
        for v in values:
            out |= self._link_one(v, origin) if isinstance(v, str) else {v}
        return frozenset(out)

    def _link_one(self, name: str, origin: str = "") -> set:
        split = self._split(name)
        if split is None or not split[1] or name in self._active or len(self._active) >= MAX_DEPTH:
            return {name}
        module, attr, rest = split
        self._active.add(name)
        try:
            out: set = set()
            for path in self.modules[module]:
                self.edges.setdefault(origin, set()).add(path)
                r = self.resolver(path)
                found = self._attribute(r, attr) if r is not None else None
                if not found:
                    out.add(name)  # not bound there (or unparsable): the job's own, judged in its file
                    continue
                for value in found:
                    out |= self._apply(value, rest, r.path)
            return out
        finally:
            self._active.discard(name)

    @staticmethod
    def _attribute(r: Resolver, attr: str) -> frozenset | None:
        if attr in r.root.bindings:
            return r.lookup(attr, r.root)
        if r.star_modules:
            return frozenset(f"{m}.{attr}" for m in r.star_modules)
        return None

    def _apply(self, value: object, rest: str, origin: str) -> set:
        """`value` followed by `rest` (an attribute path and calls, as text)."""
        if not rest:
            return {value}
        if isinstance(value, str):
            return self.link(frozenset({value + rest}), origin)
        if isinstance(value, FuncRef) and rest.startswith("()"):
            owner = value.scope.owner
            returned = owner._returns_of(value) if owner is not None else frozenset()
            return set().union(*(self._apply(v, rest[2:], origin) for v in returned)) if returned else set()
        return set()
