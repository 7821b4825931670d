"""positions.locate regenerates only the innermost class or function body
statement that holds each node; it must place every node where regenerating
the whole module does (the reference: locate without CPython's tree)."""

import ast
import textwrap

import libcst as cst

from analyzer.engine.positions import locate
from analyzer.engine.resolve import children

SOURCE = textwrap.dedent('''\
    import os


    @decorate(os.sep)
    class Outer(Base, metaclass=Meta):
        """Doc."""

        limit = len("abc")

        # a comment before a method
        def method(self, x=os.getcwd()):
            if x:
                y = [i for i in range(3)]
            class Inner:
                def deep(self):

                    # blank line and comment above
                    return os.path.join("a",
                                        "b")
            return Inner().deep()

        async def other(self): return await self.method()


    def top(a,
            b):
        def nested():
            def deeper(): return os.system("x")
            return deeper
        return nested()

    if True:
        print(top(1, 2))
    ''')


def _all_nodes(module: cst.Module) -> list[cst.CSTNode]:
    out, todo = [], [module]
    while todo:
        node = todo.pop()
        out.append(node)
        todo.extend(children(node))
    return out


def test_every_node_is_placed_as_the_whole_module_places_it():
    module = cst.parse_module(SOURCE)
    nodes = [n for n in _all_nodes(module) if n is not module]
    fast = locate(module, nodes, ast.parse(SOURCE))
    reference = locate(module, nodes)
    assert fast == reference
    assert len(fast) == len(nodes)


def test_a_node_in_a_nested_method_is_at_its_line():
    module = cst.parse_module(SOURCE)
    calls = [n for n in _all_nodes(module) if isinstance(n, cst.Call) and cst.Module([]).code_for_node(n.func) == "os.path.join"]
    where = locate(module, calls, ast.parse(SOURCE))
    assert list(where.values()) == [(18, 23)]


def _regenerated_modules(monkeypatch) -> list:
    """The modules positions regenerates whole (the cost the statement lines avoid)."""
    from analyzer.engine import positions

    whole: list = []
    real = positions._codegen

    def spy(node, state):
        if isinstance(node, cst.Module):
            whole.append(node)
        real(node, state)

    monkeypatch.setattr(positions, "_codegen", spy)
    return whole


def test_a_node_of_another_module_is_not_placed_and_costs_no_whole_regeneration(monkeypatch):
    module, other = cst.parse_module(SOURCE), cst.parse_module("import os\nos.getcwd()\n")
    mine = [n for n in _all_nodes(module) if isinstance(n, cst.Call)]
    foreign = [n for n in _all_nodes(other) if isinstance(n, cst.Call)]
    reference = locate(module, mine)
    whole = _regenerated_modules(monkeypatch)
    where = locate(module, [*mine, *foreign], ast.parse(SOURCE))
    assert where == reference
    assert whole == []


def test_update_leak_findings_are_placed_from_the_statement_lines(monkeypatch):
    from analyzer import api
    from analyzer.engine.match import match_python
    from analyzer.engine.parse import parse
    from analyzer.engine.rules import load_rules

    source = textwrap.dedent('''\
        import nvflare.client as flare
        import pandas as pd

        def main():
            df = pd.read_csv("/data/site.csv")
            flare.send(flare.FLModel(params={"rows": df.values}))
        ''')
    policy = api.load_policy()
    whole = _regenerated_modules(monkeypatch)
    found = match_python(parse("example.py", source.encode()), load_rules(policy), policy)
    leak = [f for f in found if f.rule.startswith("update-channel-leak.")]
    assert leak and leak[0].line == 6 and "line 5" in leak[0].message
    assert whole == []
