"""Session 46 (speed46t): two walks and a question the flow asked of libcst or of every module, made cheaper with the
same answers. `syntax._bound_in` (the names a loop binds, for its widening) walked libcst's `children` property,
which runs a visitor per node; it walks resolve.children now. `syntax._walrus_targets` looks for a walrus that way
and walks libcst's children, in their order, only when there is one. `Flow.chosen_loader` asked each of the
program's flows (some 600 on NVFlare's tree) whether it built a loader of rows the code chose; the program keeps
their union (`Program.flow_chosen_loaders`) as each registered Flow finds one."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import libcst as cst
import pytest
from flower_scan import scan

from analyzer.engine.flow import module_flow, syntax
from analyzer.engine.resolve import descendants

ROOT = Path(__file__).resolve().parent.parent


def _libcst_bound_in(node: cst.CSTNode) -> set[str]:
    """main's _bound_in (cd286bae), over libcst's own children."""
    names: set[str] = set()
    todo = list(node.children)
    while todo:
        n = todo.pop()
        if isinstance(n, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            continue
        if isinstance(n, (cst.AssignTarget, cst.AnnAssign, cst.AugAssign, cst.For, cst.AsName, cst.NamedExpr)):
            names.update(syntax._target_names(n.name if isinstance(n, cst.AsName) else n.target))
        todo.extend(n.children)
    return names


def _libcst_walrus_targets(node: cst.BaseComp) -> list[str]:
    out: list[str] = []
    stack: list[cst.CSTNode] = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, cst.NamedExpr) and isinstance(n.target, cst.Name):
            out.append(n.target.value)
        if not isinstance(n, cst.Lambda):
            stack.extend(n.children)
    return out


LOOPS = """\
for i, (x, *rest) in enumerate(rows):
    total += x
    with open(p) as f, lock as (a, b):
        last: int = i
    while (n := n - 1) > 0:
        for k in range(n):
            seen[k] = [w := v for v in rest if (u := v)]
    try:
        import json as j
    except ValueError as err:
        pass
    def helper(q):
        hidden = q
    class Kept:
        inner = 1
    fn = lambda z: (y := z)
    del gone
    async_out = [c async for c in it] if rows else (d := 0)
"""


def _sources() -> list[str]:
    files = sorted((ROOT / "corpus").rglob("*.py"))[:150] + sorted((ROOT / "analyzer" / "engine" / "flow").glob("*.py"))
    return [LOOPS] + [p.read_text(errors="replace") for p in files]


def _parsed(source: str) -> cst.Module | None:
    try:
        return cst.parse_module(source)
    except Exception:  # noqa: BLE001 - a corpus sample that does not parse has no loops to compare
        return None


def test_bound_in_and_walrus_targets_answer_as_libcsts_walk() -> None:
    loops = comps = walruses = 0
    for source in _sources():
        module = _parsed(source)
        if module is None:
            continue
        for node in descendants(module):
            if isinstance(node, (cst.For, cst.While)):
                loops += 1
                assert syntax._bound_in(node) == _libcst_bound_in(node)
            elif isinstance(node, (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)):
                comps += 1
                expected = _libcst_walrus_targets(node)
                walruses += bool(expected)
                assert syntax._walrus_targets(node) == expected  # the same names, in the same order
    assert loops > 500 and comps > 100 and walruses >= 2


def test_the_walks_do_not_run_libcsts_children_visitor(monkeypatch: pytest.MonkeyPatch) -> None:
    module = cst.parse_module(LOOPS)
    loop = module.body[0]
    plain = cst.parse_expression("[v * 2 for v in rows if v]")
    walrus = cst.parse_expression("[(a := v[0], b := v[1]) for v in rows]")
    asked: list[str] = []
    children = cst.CSTNode.children

    def counted(self):
        asked.append(type(self).__name__)
        return children.fget(self)

    monkeypatch.setattr(cst.CSTNode, "children", property(counted))
    # the loop's own target is not among them (main's walk too): the loop binds it at each pass anyway
    assert syntax._bound_in(loop) == {"total", "f", "a", "b", "last", "n", "k", "w", "u", "j", "err", "fn",
                                      "async_out", "d"}
    assert syntax._walrus_targets(plain) == []
    assert not asked  # main: 1 + a visitor per node of the loop's body and of the comprehension
    assert syntax._walrus_targets(walrus) == ["b", "a"]  # libcst's order, as main bound them


WALRUS_JOB = """\
    import torch
    import nvflare.client as flare
    from datasets import load_from_disk


    def main():
        rows = load_from_disk("/data/site/notes")
        net = torch.nn.Linear(4, 1)
        means = [(last := r["age"]) * 0 for r in rows]
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"age": {SENT}}))


    main()
"""


@pytest.mark.parametrize("sent,decision", [("last", "reject"), ("0.0", "accept")])
def test_a_row_a_walrus_binds_in_a_comprehension_is_still_followed(tmp_path: Path, sent: str, decision: str) -> None:
    (tmp_path / "client.py").write_text(dedent(WALRUS_JOB).replace("{SENT}", sent))
    assert scan(tmp_path)[0] == decision


LOADER = """\
from datasets import load_from_disk
from torch.utils.data import DataLoader


def patient_loader():
    dataset = load_from_disk('/data/site/notes')
    dataset.set_format('torch')
    return DataLoader({ROWS}, batch_size=4)
"""
CLIENT = """\
import nvflare.client as flare
from data import patient_loader
{OTHERS}

def main():
    loader = patient_loader()
    total = 0.0
    for batch in loader:
        total += batch['age'].float().mean().item()
    flare.send(flare.FLModel(params={}, metrics={'age': total}))


main()
"""


@pytest.mark.parametrize("rows,decision", [('dataset.filter(lambda r: r["id"] == 1042)', "escalate"),
                                           ("dataset", "accept")])
def test_the_programs_chosen_loaders_are_the_union_of_its_flows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 rows: str, decision: str) -> None:
    """Every answer of chosen_loader is what asking each flow of the program gives (main's question), in a job
    whose loader of chosen rows is built in another module than the loop over it, beside unrelated modules."""
    (tmp_path / "data.py").write_text(LOADER.replace("{ROWS}", rows))
    for i in range(3):
        (tmp_path / f"other{i}.py").write_text(f"def helper{i}(x):\n    return [v for v in x]\n")
    (tmp_path / "client.py").write_text(CLIENT.replace("{OTHERS}", "import other0, other1, other2\n"))
    asked: list[bool] = []
    chosen_loader = module_flow.Flow.chosen_loader

    def checked(self, key: int) -> bool:
        answer = chosen_loader(self, key)
        program = self.r.program
        flows = program.flows.values() if program is not None else (self,)
        assert answer == any(key in f.chosen_loaders for f in flows)
        if program is not None:  # the union the program keeps holds exactly its flows' keys
            assert program.flow_chosen_loaders == set().union(*(f.chosen_loaders for f in flows))
        asked.append(answer)
        return answer

    monkeypatch.setattr(module_flow.Flow, "chosen_loader", checked)
    from analyzer.engine import isolate
    monkeypatch.setattr(isolate, "streaming", lambda: True)  # in this process, where the check runs
    monkeypatch.setattr(isolate, "partial", lambda findings: None)
    monkeypatch.setattr(isolate, "reached", lambda stage: None)
    assert scan(tmp_path)[0] == decision
    assert asked and any(asked) == (decision == "escalate")
