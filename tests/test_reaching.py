"""Reaching definitions in the resolver (analyzer/engine/reaching.py): a read of a function's local name
bound only by plain assignments sees those that reach it; every other binding keeps the union, and no
read sees fewer values than it may hold. Samples: corpus/jobs/near_rd35_dataset_rebind_chain,
corpus/malicious/rd35_*."""

from __future__ import annotations

import textwrap
from pathlib import Path

import libcst as cst
import pytest

from analyzer import api
from analyzer.engine import reaching
from analyzer.engine.resolve import OVERFLOW, Resolver
from analyzer.model import Decision

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
POLICY = api.load_policy()


def _calls(src: str) -> dict[str, frozenset]:
    """What the callee of each call spelled `name(` or `name.attr(` on a line ending in `# <-` resolves to,
    keyed by its text."""
    module = cst.parse_module(textwrap.dedent(src))
    r = Resolver(module)
    marked = {i + 1 for i, line in enumerate(module.code.splitlines()) if line.rstrip().endswith("# <-")}
    wrapper = cst.MetadataWrapper(module, unsafe_skip_copy=True)
    positions = wrapper.resolve(cst.metadata.PositionProvider)
    return {module.code_for_node(u.node.func): frozenset(v for v in r.values(u.node.func, u.scope)
                                                         if isinstance(v, str))
            for u in r.calls if positions[u.node].start.line in marked}


def test_a_chain_of_rebindings_reads_only_the_last_link() -> None:
    found = _calls("""
        import datasets
        def build():
            d = datasets.load_dataset("wikitext")
            d = d.filter(len)
            d = d.shard(num_shards=2, index=0)
            d.set_format("torch")  # <-
    """)
    assert found == {"d.set_format": {"datasets.load_dataset().filter().shard().set_format"}}


def test_a_long_chain_stays_within_the_budget() -> None:
    links = "\n".join(f"    d = d.map(f{i})" for i in range(40))
    found = _calls(f"import datasets\ndef build():\n    d = datasets.load_dataset('w')\n{links}\n    d.set_format('t')  # <-\n")
    (values,) = found.values()
    assert OVERFLOW not in values and len(values) == 1


def test_the_dangerous_branch_is_seen_beside_the_safe_one() -> None:
    found = _calls("""
        import os
        def f(cond):
            if cond:
                x = os.environ
            else:
                x = {}
            x.get("AWS_SECRET_ACCESS_KEY")  # <-
    """)
    assert "os.environ.get" in found["x.get"]


def test_elif_branches_and_a_missing_else_join_with_what_came_before() -> None:
    found = _calls("""
        import os, subprocess
        def f(a, b):
            run = print
            if a:
                run = os.system
            elif b:
                run = subprocess.call
            run("x")  # <-
    """)
    assert found["run"] == {"builtins.print", "os.system", "subprocess.call"}


def test_a_conditional_expression_keeps_the_earlier_binding() -> None:
    found = _calls("""
        import os
        def f(cond):
            x = os.environ
            x = 0 if cond else x
            x.get("TOKEN")  # <-
    """)
    assert "os.environ.get" in found["x.get"]


def test_a_later_assignment_no_longer_reaches_an_earlier_read() -> None:
    found = _calls("""
        import os
        def f():
            run = print
            run("a")  # <-
            run = os.system
    """)
    assert found == {"run": {"builtins.print"}}


# Each construct binds `x` other than by a plain assignment, or reads it where a later one may reach:
# the read keeps every binding (a walk that dropped it would miss os.system).
FALLBACKS = {
    "for loop": """
        x = print
        for _ in range(2):
            x()  # <-
            x = os.system
    """,
    "while loop": """
        x = print
        while cond:
            x()  # <-
            x = os.system
    """,
    "loop target": """
        x = print
        for x in [os.system]:
            pass
        x()  # <-
    """,
    "try body": """
        x = os.system
        try:
            cond()
            x = print
        except Exception:
            pass
        x()  # <-
    """,
    "with body": """
        x = os.system
        with contextlib.suppress(Exception):
            cond()
            x = print
        x()  # <-
    """,
    "with as": """
        x = print
        with os.system as x:
            pass
        x()  # <-
    """,
    "augmented": """
        x = "sys"
        x += "tem"
        getattr(os, x)()  # <-
    """,
    "walrus": """
        x = print
        (x := os.system)
        x()  # <-
    """,
    "tuple target": """
        x = print
        x, y = os.system, 1
        x()  # <-
    """,
    "comprehension target": """
        x = os.system
        [0 for x in range(3)]
        x = print if cond else x
        x()  # <-
    """,
    "generator expression": """
        x = print
        g = (x() for _ in range(1))  # <-
        x = os.system
        list(g)
    """,
    "import": """
        x = print
        if cond:
            from os import system as x
        x()  # <-
    """,
    "nested def with nonlocal": """
        x = print
        def g():
            nonlocal x
            x = os.system
        g()
        x()  # <-
    """,
    "del": """
        x = os.system
        del x
        x = print
        x()  # <-
    """,
    "except handler name": """
        x = os.system
        try:
            cond()
        except Exception as x:
            pass
        x = print
        x()  # <-
    """,
}


@pytest.mark.parametrize("case", sorted(FALLBACKS))
def test_every_other_binding_keeps_the_union(case: str) -> None:
    body = textwrap.indent(textwrap.dedent(FALLBACKS[case]), "    ")
    found = _calls(f"import contextlib, os\ncond = None\ndef f(cond):\n{body}")
    values = frozenset().union(*found.values())  # `getattr(os, x)()` is two calls
    assert "os.system" in values, values


def test_a_parameter_reaches_a_read_an_assignment_may_skip() -> None:
    found = _calls("""
        import os
        def f(cond, x=os.system):
            if cond:
                x = print
            x()  # <-
    """)
    assert "os.system" in found["x"]


def test_a_global_rebound_by_another_function_keeps_the_union() -> None:
    found = _calls("""
        import os
        def g():
            global x
            x = os.system
        def f():
            global x
            x = print
            g()
            x()  # <-
    """)
    assert "os.system" in found["x"]


def test_module_level_and_class_level_names_keep_the_union() -> None:
    found = _calls("""
        import os
        x = os.system
        x = print
        x()  # <-
        class A:
            y = os.system
            y = print
            y()  # <-
    """)
    assert found == {"x": {"os.system", "builtins.print"}, "y": {"os.system", "builtins.print"}}


def test_a_nested_function_reads_every_binding_of_the_enclosing_name() -> None:
    found = _calls("""
        import os
        def f():
            x = os.system
            def g():
                x()  # <-
            x = print
            return g
    """)
    assert found["x"] == {"os.system", "builtins.print"}


@pytest.mark.parametrize("sample", sorted(p.name for p in (CORPUS / "malicious").glob("rd35_*.py")))
def test_a_value_hidden_behind_a_rebinding_is_still_judged(sample: str) -> None:
    report = api.scan(CORPUS / "malicious" / sample, POLICY)
    assert report.decision is Decision.REJECT, [(f.rule, f.message) for f in report.findings]


def test_the_realistic_rebinding_chain_is_accepted() -> None:
    report = api.scan(CORPUS / "jobs" / "near_rd35_dataset_rebind_chain", POLICY)
    assert report.decision is Decision.ACCEPT, [(f.rule, f.message) for f in report.findings]


def test_every_small_statement_of_libcst_is_one_reaching_knows() -> None:
    """A statement kind added to libcst could bind a name in a way reaching.py's _bound_by does not see."""
    def subclasses(cls: type) -> set[type]:
        return {cls} | set().union(*(subclasses(c) for c in cls.__subclasses__()))
    concrete = {c.__name__ for c in subclasses(cst.BaseSmallStatement) if c.__module__.startswith("libcst.")
                and not c.__name__.startswith("Base")}  # by name: a slotted dataclass leaves its first class behind
    assert concrete == {c.__name__ for c in (*reaching.PLAIN, *reaching.BINDING)}


def test_a_union_cut_short_by_a_cycle_is_not_kept_for_later_reads() -> None:
    """The narrowed `msg.get` is evaluated first; inside it the union of msg meets the assignment being
    evaluated (a cycle, cut short). That partial union must not stand for `msg` at the read after the branch
    (email/generator.py: `copy.deepcopy()._write_headers` was lost from the stdlib golden)."""
    found = _calls("""
        import copy
        def write(msg, munge):
            if munge:
                msg = copy.deepcopy(msg)
                msg.get("cte")  # <-
            msg.replace_header("a", "b")  # <-
    """)
    assert found["msg.get"] == {"copy.deepcopy().get"}
    assert "copy.deepcopy().replace_header" in found["msg.replace_header"]
