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
    # A first scan imports the engine, whose module-level constants (an empty
    # module to render nodes with) are not trees of a scan.
    api.scan(CORPUS / FILES[0], policy)
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


# In a fresh process: the collector's state is the process's own.
_CLI_START = """
import gc, sys
from analyzer.commands import cli  # the CLI's imports, made in a process the gate owns
from analyzer import api, collector
frozen_by_imports = gc.get_freeze_count()
policy = api.load_policy(None)
analysis = api._prepared(policy)
analysis.python_files([(sys.argv[1], open(sys.argv[1], "rb").read())], policy)  # freezes its trees, undoes it all
after = gc.get_freeze_count()
api.scan(sys.argv[1], policy)  # analysed in a child (api._within_budget): what this process froze stays its own
print(frozen_by_imports, after, collector.freezable(), gc.get_freeze_count())
"""

_HOST = """
import gc, sys
gc.freeze()  # a host that froze its own objects (isolate's fork server)
host = gc.get_freeze_count()
from analyzer import api, collector
api.scan(sys.argv[1], api.load_policy(None))
print(host, gc.get_freeze_count())
"""


def _run(code: str) -> list[int]:
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", code, str(CORPUS / FILES[0])], cwd=root, capture_output=True,
                         text=True, check=True, env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})
    return [int(x) if x.isdigit() else x for x in out.stdout.split()]


def test_the_cli_freezes_what_its_imports_made_and_the_analysis_hands_it_back():
    frozen_by_imports, after, only_own, after_scan = _run(_CLI_START)
    assert frozen_by_imports > 10_000  # out of every collection's sight: no walk of them when the collector resumes
    assert after == after_scan == 0 and only_own == "True"


def test_a_library_host_keeps_its_own_freeze_and_gets_no_other():
    host, after = _run(_HOST)
    # not undone, and nothing the gate's imports made was frozen beside it (the count drifts a little as
    # frozen objects are freed or stop being tracked)
    assert abs(after - host) < 1_000


def test_the_analysis_does_not_walk_what_survives_again_every_ten_young_collections():
    """What survives a young collection during an analysis mostly stays until the unit ends (flow
    summaries, memos): a collection of the middle generation every ten young ones walked it all again."""
    from analyzer.engine import analysis

    middle: list[int] = []

    def count(phase: str, info: dict) -> None:
        if phase == "start" and info["generation"] >= 1:
            middle.append(info["generation"])

    gc.collect()
    with analysis._collection_for_analysis():
        young = gc.get_threshold()[0]
        gc.callbacks.append(count)
        try:
            kept = [[] for _ in range(14 * young)]  # survivors of fourteen young collections
        finally:
            gc.callbacks.remove(count)
    assert len(kept) == 14 * young and middle == []
