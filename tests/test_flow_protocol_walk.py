"""protocol.rebinds_called walks the tree itself (resolve.children) and calls _CalledStores' visit hooks: it
must find exactly what libcst's own traversal of the same visitor finds."""

from pathlib import Path

import libcst as cst
import pytest

from analyzer.engine.flow import protocol

ROOT = Path(__file__).resolve().parent.parent


def _by_libcst(module: cst.Module) -> bool:
    stores = protocol._CalledStores()
    module.visit(stores)
    return stores.found


def test_the_visitor_has_only_node_visit_hooks():
    """The walk calls visit_<Node> hooks only: a leave hook or a field hook would be skipped."""
    own = [name for name in vars(protocol._CalledStores) if name.startswith(("visit_", "leave_"))]
    assert own
    for name in own:
        assert name.startswith("visit_") and hasattr(cst, name.removeprefix("visit_")), name


@pytest.mark.parametrize("code, found", [
    ("class Head:\n    def forward(self, x):\n        return x\n", False),
    ("Head.forward = pick\n", True),
    ("head.__call__ = lambda x: x[3]\n", True),
    ("net.register_forward_hook(grab)\n", True),
    ("obj.__dict__.update(forward=f)\n", True),
    ("d = {'__call__': f}\n", True),
    ("class Head:\n    forward = staticmethod(pick)\n", True),
    ("class Head:\n    def fwd(self, x):\n        return x\n    forward = fwd\n", False),
    ("def f():\n    for x in range(3):\n        if x:\n            m.call = g\n", True),
])
def test_rebinds_called(code, found):
    module = cst.parse_module(code)
    assert protocol.rebinds_called(module) is found
    assert _by_libcst(module) is found


def test_same_as_libcst_traversal_on_the_corpus():
    paths = sorted((ROOT / "corpus").rglob("*.py"))
    assert len(paths) > 100
    checked = rebinding = 0
    for path in paths:
        try:
            module = cst.parse_module(path.read_bytes())
            expected = _by_libcst(module)
        except (Exception, RecursionError):  # files that do not parse, or too deep for libcst's recursive
            continue  # traversal, are in corpus/ on purpose (the gate's parse step stops those first)
        assert protocol.rebinds_called(module) is expected, path
        checked += 1
        rebinding += expected
    assert checked > 100 and rebinding >= 3
