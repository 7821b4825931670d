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
