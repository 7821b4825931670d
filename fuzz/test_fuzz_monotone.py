"""Fuzz monotonicity: adding something to a job never lowers its verdict and never removes a finding.

A corpus sample (a job folder, or a single file laid in a folder of its own) is scanned once; then random pieces
are added to a copy of it (new files of every kind the gate reads, code appended or prepended to its Python files,
line-preserving re-encodings of them: CRLF, a BOM, form feeds) and the copy is scanned again. The decision must not
go down (reject > escalate > accept) and every (rule, path, line) of the original must still be reported, its line
moved by what was prepended. The job's author chooses every added byte, so a piece that lowered either would be a
way to hide a payload.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st
from settings import FUZZ

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from analyzer import api  # noqa: E402
from analyzer.model import Decision  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
POLICY = api.load_policy()
RANK = {Decision.ACCEPT: 0, Decision.ESCALATE: 1, Decision.REJECT: 2}
JOBS = ["jobs/demo_clean", "jobs/demo_malicious", "jobs/demo_ambiguous", "jobs/benign_pt_client_api",
        "jobs/mal_config_os_system", "jobs/mal_shell_setup", "jobs/mal_text_pth_addsitedir",
        "jobs/mal_road_star_import_helpers", "jobs/h44_zip_launcher_bin"]


def _single_files() -> list[str]:
    """Every single-file Python sample of the corpus that is malicious or benign (accepted)."""
    entries = yaml.safe_load((CORPUS / "labels.yaml").read_text())
    return sorted(e["path"] for e in entries if e["path"].endswith(".py") and e["kind"] in ("malicious", "benign"))


SEEDS = JOBS + _single_files()
BENIGN_FILES = sorted(p for p in (CORPUS / "benign").glob("*.py"))

DECOY = "def helper_{n}(values):\n    total = 0\n    for v in values:\n        total += v\n    return total\n"
DEAD = "if False:\n    import math\n    print(math.pi)\nwhile 0:\n    pass\n"
CODE = {
    "decoy": lambda n: "".join(DECOY.format(n=i) for i in range(n % 40 + 1)),
    "dead": lambda n: DEAD * (n % 20 + 1),
    "literal": lambda n: "BLOB = " + repr("a" * (n * 997 % 400_000)) + "\n",
    # brackets up to CPython's own limit (200: past it the file is refused, Python would not run it either), then
    # chains that nest as deep as one likes: operators, unary operators, attributes, subscripts, comparisons
    "nested": lambda n: "DEEP = " + "(" * (n % 199) + "1" + ")" * (n % 199) + "\n",
    "nested-list": lambda n: "DEEP = " + "[" * (n % 199 + 1) + "]" * (n % 199 + 1) + "\n",
    "nested-call": lambda n: "DEEP = " + "f(" * (n % 199 + 1) + ")" * (n % 199 + 1) + "\n",
    "operators": lambda n: "DEEP = 1" + " + 1" * (n % 6000) + "\n",
    "unary": lambda n: "DEEP = " + "-" * (n % 3000) + "1\n",
    "attributes": lambda n: "DEEP = len" + ".__call__" * (n % 3000) + "\n",
    "subscripts": lambda n: "DEEP = [[1]]" + "[0][0:1]" * (n % 3000) + "\n",
    "comparisons": lambda n: "DEEP = 1" + " < 2" * (n % 3000) + "\n",
    "strings": lambda n: "DEEP = 'a'" + " 'b'" * (n % 3000) + "\n",
    "assignments": lambda n: "".join(f"v{i} = {i}\n" for i in range(n % 20_000)),
    "long-line": lambda n: "x = 1" + "; x = 1" * (n % 3000) + "\n",
    "unicode": lambda n: "name_\u00e9 = '\u202e\\x00'[:1]  # \u202e\n" * (n % 5 + 1),
}
FILES = {
    "benign": lambda n: BENIGN_FILES[n % len(BENIGN_FILES)].read_bytes(),
    "notebook": lambda n: (b'{"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": ["x = %d\\n"]}],'
                           b' "metadata": {}, "nbformat": 4, "nbformat_minor": 5}' % n),
    "config-json": lambda n: b'{"format_version": 2, "components": [], "n": %d}' % n,
    "config-yaml": lambda n: b"a: &x [1, 2]\nb: *x\nn: %d\n" % n,
    "blob": lambda n: bytes((i * 131 + n) % 256 for i in range(n % 5000)),
    "nul": lambda n: b"x = 1\n\x00\ny = 2\n",
    "bad-encoding": lambda n: b"x = '\xff\xfe'\n# \xc3\x28\n",
    "crlf": lambda n: b"import math\r\nx = math.pi\r\n",
    "bom": lambda n: b"\xef\xbb\xbfimport math\nx = math.pi\n",
    "formfeed": lambda n: b"import math\n\x0cx = math.pi\n",
    "requirements": lambda n: b"numpy==1.26.4\ntorch>=2.0\n",
    "shell": lambda n: b"#!/bin/sh\necho training\n",
    "pth": lambda n: b"extra_dir\n",
}
SUFFIX = {"benign": ".py", "notebook": ".ipynb", "config-json": ".json", "config-yaml": ".yaml", "blob": ".bin",
          "nul": ".py", "bad-encoding": ".py", "crlf": ".py", "bom": ".py", "formfeed": ".py",
          "requirements": ".txt", "shell": ".sh", "pth": ".pth"}
NAMES = st.sampled_from(["zz", "aa", "train_helper", "utils", "__init__", "m0", "data"])
PIECE = st.one_of(
    st.tuples(st.just("file"), st.sampled_from(sorted(FILES)), NAMES, st.integers(0, 10**6)),
    st.tuples(st.just("append"), st.sampled_from(sorted(CODE)), st.integers(0, 99), st.integers(0, 10**6)),
    st.tuples(st.just("prepend"), st.sampled_from(["decoy", "dead", "assignments", "literal", "nested", "operators", "strings"]),
              st.integers(0, 99), st.integers(0, 10**6)),
    st.tuples(st.just("recode"), st.sampled_from(["crlf", "bom", "formfeed", "tabs-comment"]), st.integers(0, 99),
              st.just(0)),
    st.tuples(st.just("symlink"), st.sampled_from(["/etc/passwd", "..", ".", "nowhere", "/dev/zero"]), NAMES,
              st.just(0)),
    st.tuples(st.just("unreadable"), NAMES, st.just(""), st.just(0)),
    st.tuples(st.just("folder"), NAMES, st.integers(1, 60), st.just(0)),
    st.tuples(st.just("config"), st.sampled_from(["json", "yaml", "yml", "conf", "json.default"]),
              st.sampled_from(["config_fed_client", "config_fed_server", "extra"]), st.just(0)),
)
CLEAN_CONFIG = CORPUS / "jobs/demo_clean/app_client/config/config_fed_client.json"


@lru_cache(maxsize=None)
def baseline(seed: str) -> tuple[Decision, frozenset]:
    with tempfile.TemporaryDirectory() as tmp:
        return verdict(lay_out(seed, Path(tmp)))


def lay_out(seed: str, tmp: Path) -> Path:
    """The seed as a folder under `tmp`: a job copied whole, a single file in a folder of its own."""
    unit = tmp / "unit"
    source = CORPUS / seed
    if source.is_dir():
        shutil.copytree(source, unit, symlinks=True)
    else:
        unit.mkdir()
        shutil.copy(source, unit / source.name)
    return unit


def verdict(unit: Path) -> tuple[Decision, frozenset]:
    report = api.scan(unit, POLICY)
    return report.decision, frozenset((f.rule, f.path, f.line) for f in report.findings)


def code_folder(unit: Path) -> Path:
    """Where the unit's Python lives (the first folder holding a .py file), else the unit itself."""
    found = sorted(p.parent for p in unit.rglob("*.py") if not p.is_symlink())
    return found[0] if found else unit


def python_files(unit: Path) -> list[Path]:
    return sorted(p for p in unit.rglob("*.py") if p.is_file() and not p.is_symlink())


def add(unit: Path, piece: tuple) -> dict[str, int]:
    """Add `piece` to the unit; return the lines prepended to each file (by its path in the unit)."""
    what, kind, which, n = piece
    here = code_folder(unit)
    if what == "file":
        target = here / f"{which}{SUFFIX[kind]}"
        if not target.exists():
            target.write_bytes(FILES[kind](n))
        return {}
    if what == "symlink":
        target = here / f"{which}_link.py"
        if not os.path.lexists(target):
            target.symlink_to(kind)
        return {}
    if what == "unreadable":
        target = here / f"{kind}_locked.py"
        if not target.exists():
            target.write_text("import math\n")
            target.chmod(0)
        return {}
    if what == "config":  # a clean client config (JSON reads as YAML and HOCON too) in each config folder
        for folder in sorted(p for p in unit.rglob("config") if p.is_dir() and not p.is_symlink()):
            target = folder / f"{which}.{kind}"
            if not target.exists():
                target.write_bytes(CLEAN_CONFIG.read_bytes())
        return {}
    if what == "folder":  # a deep tree of empty folders beside the code
        deep = here.joinpath(*[kind] * which)
        deep.mkdir(parents=True, exist_ok=True)
        return {}
    files = python_files(unit)
    if not files:
        return {}
    path = files[which % len(files)]
    data = path.read_bytes()
    rel = path.relative_to(unit).as_posix()
    if what == "append":
        text = CODE[kind](n).encode()
        path.write_bytes(data + (b"" if data.endswith(b"\n") or not data else b"\n") + text)
        return {}
    if what == "prepend":
        if b"__future__" in data or data.startswith((b"#!", b"\xef\xbb\xbf")) or b"coding" in data[:200]:
            return {}
        text = CODE[kind](n).encode()
        path.write_bytes(text + data)
        return {rel: text.count(b"\n")}
    if kind == "crlf":
        path.write_bytes(data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    elif kind == "bom" and not data.startswith(b"\xef\xbb\xbf"):
        path.write_bytes(b"\xef\xbb\xbf" + data)
    elif kind == "formfeed":  # CPython resets a line's indentation at a form feed: only at a line's start
        lines = data.split(b"\n")
        path.write_bytes(b"\n".join(b"\x0c" + line if i % 3 == 0 else line for i, line in enumerate(lines)))
    elif kind == "tabs-comment":  # a comment on every blank line
        path.write_bytes(b"\n".join(line if line.strip() else b"# padding" for line in data.split(b"\n")))
    return {}


def shifted(found: frozenset, shifts: dict[str, int]) -> set:
    return {(rule, path, line + shifts.get(path, 0) if line > 0 else line) for rule, path, line in found}


@FUZZ
@given(st.sampled_from(SEEDS), st.lists(PIECE, min_size=1, max_size=3))
def test_adding_to_a_job_never_lowers_its_verdict_nor_drops_a_finding(seed: str, pieces: list) -> None:
    decision, found = baseline(seed)
    with tempfile.TemporaryDirectory() as tmp:
        unit = lay_out(seed, Path(tmp))
        shifts: dict[str, int] = {}
        for piece in pieces:
            for path, lines in add(unit, piece).items():
                shifts[path] = shifts.get(path, 0) + lines
        after, found_after = verdict(unit)
    assert RANK[after] >= RANK[decision], (seed, pieces, decision, after, sorted(found_after))
    lost = shifted(found, shifts) - found_after
    assert not lost, (seed, pieces, sorted(lost), sorted(found_after))
