"""Session 51 (speed51): what the two cuts rely on, asserted on behaviour.

- positions.locate descends into the first block of an if, for, while, with or try as into a class's or a
  function's body: a finding's node there is placed by regenerating only the innermost statement holding it, at
  the line and column regenerating the whole module gives it.
- configs.unit_document: a unit's settings file is parsed once for its readers (nvflare-config's rendezvous check,
  other-files' settings locations), which still find what they found; another unit, other bytes or a document over
  MAX_SHARED_DOCUMENT are parsed again, and nothing is held past the unit's Content.
"""

from __future__ import annotations

import ast
import gc
import textwrap

import libcst as cst

import redteam_kit as kit
from analyzer.engine import configs, positions
from analyzer.engine.collect import Content
from analyzer.engine.positions import locate
from analyzer.engine.resolve import children

SOURCE = textwrap.dedent('''\
    import os
    import sys


    def main(argv):
        # a comment before the loop
        while argv:
            x = argv.pop()
            if x:

                # blank line and comment in the block
                os.system(x)
            elif x is None:
                print("none")
            else:
                print(x,
                      "else")
        for a in argv:
            with open(a) as fh:
                try:
                    sys.stdout.write(fh.read())
                except OSError as err:
                    print(err)
                finally:
                    pass
        else:
            print("done")


    async def other(items):
        async for i in items:
            async with i as j:
                await j.send(os.getcwd())


    if __name__ == "__main__":
        if len(sys.argv) > 1: print(sys.argv)
        for arg in sys.argv:
            while True:
                main([arg,
                      os.getcwd()])
                break
    ''')


def _all_nodes(module: cst.Module) -> list[cst.CSTNode]:
    out, todo = [], [module]
    while todo:
        node = todo.pop()
        out.append(node)
        todo.extend(children(node))
    return [n for n in out if n is not module]


def _regenerated(monkeypatch) -> list[cst.CSTNode]:
    spied: list[cst.CSTNode] = []
    real = positions._codegen
    monkeypatch.setattr(positions, "_codegen", lambda node, state: spied.append(node) or real(node, state))
    return spied


def test_every_node_in_blocks_is_placed_as_the_whole_module_places_it() -> None:
    module = cst.parse_module(SOURCE)
    nodes = _all_nodes(module)
    fast = locate(module, nodes, ast.parse(SOURCE))
    assert fast == locate(module, nodes)  # the reference: the whole module regenerated
    assert len(fast) == len(nodes)


def test_a_call_in_nested_blocks_regenerates_only_its_own_statement(monkeypatch) -> None:
    module = cst.parse_module(SOURCE)
    code = cst.Module([]).code_for_node
    calls = {code(n.func): n for n in _all_nodes(module) if isinstance(n, cst.Call)}
    wanted = [calls["os.system"], calls["sys.stdout.write"], calls["main"]]
    spied = _regenerated(monkeypatch)
    where = locate(module, wanted, ast.parse(SOURCE))
    assert [where[id(n)] for n in wanted] == [(12, 12), (21, 16), (40, 12)]
    # each from the simple statement holding it (main regenerated the def, the while and the for)
    assert [type(n) for n in spied] == [cst.SimpleStatementLine] * 3
    assert not any(isinstance(n, (cst.FunctionDef, cst.If, cst.For, cst.While, cst.With, cst.Try)) for n in spied)


def test_other_blocks_and_headers_are_placed_from_the_statement(monkeypatch) -> None:
    """A node in an elif, else, except or finally block, or in the header (`while argv`), is placed by
    regenerating the statement that holds the block, from its own line."""
    module = cst.parse_module(SOURCE)
    code = cst.Module([]).code_for_node
    calls = {code(n): n for n in _all_nodes(module) if isinstance(n, cst.Call)}
    wanted = [calls['print("none")'], calls["print(err)"], calls['print("done")']]
    spied = _regenerated(monkeypatch)
    where = locate(module, wanted, ast.parse(SOURCE))
    assert [where[id(n)] for n in wanted] == [(14, 12), (23, 16), (27, 8)]
    assert {type(n) for n in spied} <= {cst.If, cst.Try, cst.For}


def test_a_unit_s_settings_file_is_parsed_once_and_both_readers_find_it(tmp_path, monkeypatch, in_process) -> None:
    parsed: list[bytes] = []
    read = configs.read_config
    monkeypatch.setattr(configs, "read_config", lambda path, data: parsed.append(data) or read(path, data))
    settings = "MASTER_ADDR: 203.0.113.7\nout: //fileserver/share/x\n"
    report = kit.scan_files(tmp_path, {"acc.yaml": settings, "train.py": "import yaml\nprint(1)\n"})
    rules = {f.rule for f in report.findings if f.path == "acc.yaml"}
    assert {"config-attack.rendezvous-remote", "config-attack.file-network-location"} <= rules, rules
    assert parsed.count(settings.encode()) == 1, parsed  # main parsed it in each detector


def test_another_unit_other_bytes_or_a_large_document_are_parsed_again(monkeypatch) -> None:
    parsed: list[bytes] = []
    read = configs.read_config
    monkeypatch.setattr(configs, "read_config", lambda path, data: parsed.append(data) or read(path, data))
    first, second = Content("a", "a", "folder", [], {}), Content("b", "b", "folder", [], {})
    small, large = b"a: 1\n", b"a: " + b"x" * configs.MAX_SHARED_DOCUMENT + b"\n"
    for _ in range(2):
        assert configs.unit_document(first, "yaml", small).data == {"a": 1}
        assert configs.unit_document(first, "json", small).ok is False  # another format: read as that
        assert configs.unit_document(first, "yaml", large).data == {"a": "x" * configs.MAX_SHARED_DOCUMENT}
    assert parsed == [small, small, large, large]
    assert configs.unit_document(second, "yaml", small).data == {"a": 1}
    assert parsed[-1] == small and len(parsed) == 5  # another unit: its own documents
    del first, second
    gc.collect()
    assert configs._unit_documents[0]() is None  # no unit's documents held past its Content
