"""Speed of one small job (session 28): work a start repeats that it need not."""

from __future__ import annotations

import ast
import dataclasses
import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from analyzer import collector


def test_the_gates_own_freeze_is_known_without_counting_frozen_objects(monkeypatch: pytest.MonkeyPatch) -> None:
    # gc.get_freeze_count walks every frozen object (~90 000 after the CLI's imports).
    def counted() -> int:
        raise AssertionError("frozen objects counted")

    monkeypatch.setitem(collector._state, "frozen", True)
    monkeypatch.setattr(gc, "get_freeze_count", counted)
    assert collector.freezable()


def test_someone_elses_freeze_still_stops_the_analysis_from_freezing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(collector._state, "frozen", False)
    monkeypatch.setattr(gc, "get_freeze_count", lambda: 5)
    assert not collector.freezable()


# The repository's top (a git subprocess) is looked up only for a report that names files relative to it.


def _scan(monkeypatch: pytest.MonkeyPatch, cwd: Path, *args: str) -> tuple[str, list[tuple[str, ...]]]:
    from analyzer.commands import changed, cli

    calls: list[tuple[str, ...]] = []
    git = changed._git

    def recorded(folder: Path, *git_args: str) -> str:
        calls.append(git_args)
        return git(folder, *git_args)

    monkeypatch.setattr(changed, "_git", recorded)
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(cli.main, ["scan", "--cache-dir", str(cwd / ".cache"), *args])
    assert result.exit_code == 0, result.output
    return result.output, calls


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "sub" / "job").mkdir(parents=True)
    (tmp_path / "sub" / "job" / "train.py").write_text("import numpy as np\nw = np.zeros(3)\n")
    return tmp_path


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_a_json_or_text_scan_runs_no_git(monkeypatch: pytest.MonkeyPatch, repo: Path, fmt: str) -> None:
    _, calls = _scan(monkeypatch, repo / "sub", "--format", fmt, "job")
    assert calls == []


def test_a_markdown_report_still_names_files_from_the_repositorys_top(monkeypatch: pytest.MonkeyPatch,
                                                                      repo: Path) -> None:
    out, calls = _scan(monkeypatch, repo / "sub", "--format", "markdown", "job")
    assert calls == [("rev-parse", "--show-toplevel")]
    assert "sub/job" in out


# The methods of the dataclasses the CLI's own imports make (pydantic's, annotated_types') are compiled once.

COUNT_COMPILED = """
import builtins, sys
sys.path.insert(0, {root!r})
from analyzer.engine import dataclass_code
texts = []
def counted(source, *args, **kwargs):
    texts.append(source)
    return builtins.compile(source, *args, **kwargs)
dataclass_code.compile = counted
import analyzer.commands.cli
print(len(texts))
"""


def test_a_later_cli_start_compiles_no_dataclass_method(tmp_path: Path) -> None:
    def compiled_texts() -> int:
        proc = subprocess.run([sys.executable, "-c", COUNT_COMPILED.format(root=str(ROOT))], capture_output=True,
                              text=True, timeout=240, env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)})
        assert proc.returncode == 0, proc.stderr
        return int(proc.stdout)

    assert compiled_texts() > 50
    assert compiled_texts() == 0


def test_each_block_has_an_entry_of_its_own(tmp_path: Path) -> None:
    from analyzer.engine import dataclass_code
    from analyzer.engine.cache import ResultCache

    with dataclass_code.kept(tmp_path, "one"):
        dataclasses.make_dataclass("First", [("only_in_one", int)])
    with dataclass_code.kept(tmp_path, "two"):
        dataclasses.make_dataclass("Second", [("only_in_two", int)])
    store = ResultCache(tmp_path, dataclass_code.AREA)
    one, two = dataclass_code._stored(store, "one"), dataclass_code._stored(store, "two")
    assert any("only_in_one" in t for _, t in one) and not any("only_in_two" in t for _, t in one)
    assert any("only_in_two" in t for _, t in two) and not any("only_in_one" in t for _, t in two)


# The engine digest: from the bytes of jobgate's own files, kept by their status between starts.


def _tree(root: Path) -> Path:
    for name, text in (("analyzer/a.py", "x = 1\n"), ("rules/lists/b.yaml", "k: v\n")):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_an_unchanged_settled_tree_is_not_hashed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from analyzer.engine import cache

    root, folder = _tree(tmp_path / "install"), tmp_path / "cache"
    monkeypatch.setattr(cache, "SETTLED_NS", 0)
    first = cache.own_files_digest(root, folder)
    assert first == cache._content_digest(root, cache._own_files(root))
    monkeypatch.setattr(cache, "_content_digest", lambda *a: pytest.fail("hashed again"))
    assert cache.own_files_digest(root, folder) == first


def test_a_changed_or_added_file_is_hashed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from analyzer.engine import cache

    root, folder = _tree(tmp_path / "install"), tmp_path / "cache"
    monkeypatch.setattr(cache, "SETTLED_NS", 0)
    digests = {cache.own_files_digest(root, folder)}
    (root / "analyzer/a.py").write_text("x = 22\n")
    digests.add(cache.own_files_digest(root, folder))
    (root / "rules/lists/c.yaml").write_text("")
    digests.add(cache.own_files_digest(root, folder))
    assert len(digests) == 3


def test_a_file_changed_just_now_is_never_kept_by_its_status(tmp_path: Path) -> None:
    from analyzer.engine import cache

    root, folder = _tree(tmp_path / "install"), tmp_path / "cache"
    cache.own_files_digest(root, folder)
    assert not [p for p in (folder / cache.ENGINE_AREA).rglob("*") if p.is_file()]


@pytest.mark.parametrize("body", [b"not a digest", b"0" * 63])
def test_a_damaged_entry_is_hashed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: bytes) -> None:
    from analyzer.engine import cache

    root, folder = _tree(tmp_path / "install"), tmp_path / "cache"
    monkeypatch.setattr(cache, "SETTLED_NS", 0)
    right = cache.own_files_digest(root, folder)
    entries = [p for p in (folder / cache.ENGINE_AREA).rglob("*") if p.is_file()]
    assert len(entries) == 1
    cache.ResultCache(folder, cache.ENGINE_AREA).write(entries[0].name, body)
    assert cache.own_files_digest(root, folder) == right
    entries[0].write_bytes(entries[0].read_bytes()[:-1] + b"0")  # its authentication no longer holds
    assert cache.own_files_digest(root, folder) == right


# The stored patterns reach `re` before the first unit is collected (api.check_configuration): every unit
# loads the lists and the shell scanner (launchers.py), also when the result cache answers it, and those
# patterns were compiled again at each start (89 of them on main at 11c27a3).

COUNT_PATTERNS = """
import sys
sys.path.insert(0, {root!r})
from re import _compiler
from analyzer import api
compiled = []
check = api.check_configuration
def counting(policy):
    check(policy)
    compile_ = _compiler.compile
    def counted(pattern, flags=0):
        compiled.append(pattern)
        return compile_(pattern, flags)
    _compiler.compile = counted
api.check_configuration = counting
from analyzer.commands import cli
sys.argv = ["jobgate", "scan", "--format", "json", "--cache-dir", {cache!r}, {target!r}]
try:
    cli.main()
except SystemExit:
    pass
print(compiled)
"""


def test_a_scan_answered_from_the_result_cache_compiles_no_stored_pattern(tmp_path: Path) -> None:
    job = tmp_path / "job"  # with a meta.json, whose launcher settings collection reads (launchers.py)
    (job / "app" / "custom").mkdir(parents=True)
    (job / "meta.json").write_text('{"name": "job", "deploy_map": {"app": ["@ALL"]}, "min_clients": 1}')
    (job / "app" / "custom" / "train.py").write_text("import numpy as np\nw = np.zeros(3)\n")
    script = COUNT_PATTERNS.format(root=str(ROOT), cache=str(tmp_path / "cache"), target=str(job))

    def compiled() -> list[str]:
        proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=240,
                              cwd=tmp_path)
        assert '"decision": "accept"' in proc.stdout, proc.stdout + proc.stderr
        return ast.literal_eval(proc.stdout.splitlines()[-1])

    compiled()  # records the configuration's patterns and the unit's result
    again = compiled()
    # launchers.py's own one-character class is compiled outside the recorded configuration
    assert len(again) <= 1, again


def test_the_site_commands_load_only_when_one_runs(tmp_path: Path, jobgate) -> None:
    script = f"import sys; sys.path.insert(0, {str(ROOT)!r}); import analyzer.commands.cli; " \
             "print('analyzer.commands.site_check' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=240, check=True,
                          env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)})
    assert proc.stdout.strip() == "False"
    proc = jobgate("site", "check", str(tmp_path))
    assert proc.returncode == 2 and "not a client's workspace" in proc.stderr


def test_the_gates_own_dataclasses_are_made_inside_the_block_that_keeps_their_code() -> None:
    # The CLI imports dataclass_code (and so cache) before that block: neither may import the models.
    script = f"import sys; sys.path.insert(0, {str(ROOT)!r}); import analyzer.engine.dataclass_code; " \
             "print(sorted(m for m in sys.modules if m.startswith('analyzer')))"
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    assert "analyzer.model" not in proc.stdout and "analyzer.engine.cache" in proc.stdout
