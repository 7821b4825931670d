"""An analysis lets its trees go when it ends: the handler runs inside NVFlare's
long-lived process, where a tree kept by a module-level table is memory lost
for every job scanned. And the collector settings the analysis changes while
it runs are the host's again afterwards."""

import gc
from pathlib import Path

import libcst as cst

from analyzer import api
from analyzer.engine.resolve import Resolver

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "benign"
# Files whose update the gradient grammar checks (it indexes their modules) and others.
FILES = ["near_newton_gram_matrix.py", "near_np_load_no_pickle.py", "near_relative_writes_workspace.py",
         "near_vars_args_logging.py", "near_env_non_secret_settings.py"]


def _alive(kind: type) -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, kind))


def test_scans_leave_no_module_trees_alive():
    policy = api.load_policy(None)
    before_modules, before_resolvers = _alive(cst.Module), _alive(Resolver)
    for name in FILES:
        assert api.scan(CORPUS / name, policy).decision is not None
    # At most the last module stays (the update detectors' memo of the module they last ran on).
    assert _alive(Resolver) - before_resolvers <= 1
    assert _alive(cst.Module) - before_modules <= 1


def test_collector_settings_are_restored():
    threshold, frozen = gc.get_threshold(), gc.get_freeze_count()
    api.scan(CORPUS / FILES[0], api.load_policy(None))
    assert gc.get_threshold() == threshold
    assert gc.get_freeze_count() == frozen
