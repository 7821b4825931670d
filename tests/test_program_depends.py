"""Program.depends: the modules a file's findings depend on (what its result in the cache is kept against)."""

from __future__ import annotations

import random

from analyzer.engine.program import Program


class _CountingEdges(dict):
    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.asked = 0

    def get(self, key, default=None):
        self.asked += 1
        return super().get(key, default)


def _program(n: int) -> Program:
    return Program({f"m{i}.py": b"" for i in range(n)}, lambda *args: None)


def _closure(edges: dict[str, set[str]], path: str) -> list[str]:
    seen, todo = set(), [path]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return sorted(seen - {path})


def test_depends_is_every_module_reached_through_others():
    rng = random.Random(7)
    program = _program(40)
    paths = sorted(program._sources)
    for _ in range(60):
        program.edges.setdefault(rng.choice(paths), set()).add(rng.choice(paths))
    for path in paths:
        assert program.depends(path) == _closure(program.edges, path)


def test_depends_when_most_modules_depend_on_all_others_but_one():
    """A module no edge leads to (no dotted name: `hello-pt_cifar10_fl.py`), beside modules that each
    depend on every module that has one (a command line no module changes)."""
    program = _program(30)
    paths = sorted(program._sources)
    named = paths[1:]
    program.edges = {p: set(named) - {p} for p in paths[:25]}
    for path in paths:
        assert program.depends(path) == _closure(program.edges, path)


def test_a_file_that_depends_on_every_module_does_not_walk_every_module_s_edges():
    """Each module depending on all others (any_text): answered from the first module's edges, not
    by walking all of them per file (quadratic per file, cubic per unit)."""
    program = _program(200)
    paths = sorted(program._sources)
    program.edges = _CountingEdges({p: set(paths) - {p} for p in paths})
    for path in paths:
        assert program.depends(path) == [p for p in paths if p != path]
    assert program.edges.asked <= len(paths)
