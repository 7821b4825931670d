"""Session 40 (speed40small): a small job's start reads and compiles less, and decides the same.

- The CLI's own imports (click, pydantic, the gate's models) keep the regular expressions they compile in
  the default cache folder, as the configuration's are kept (analyzer/engine/regexes.py).
- The configuration check (api.check_configuration) authenticates the rule packs' and catalogue's built
  entries, which the load that follows unpickles from the same read, instead of the documents' entries.
- The catalogue finds the entries of a member called on an untyped value (`x.fit()`) in an index made once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from analyzer import api
from analyzer.engine import catalogue, compiled, rules
from analyzer.engine.cache import ResultCache
from analyzer.engine.catalogue import load_catalogue

ROOT = Path(__file__).resolve().parents[1]

PACK = """pack: site
rules:
  - id: site.no-telnet
    category: network
    severity: high
    confidence: high
    message: telnet
    why: Old protocol.
    match: {imports: [telnetlib]}
    examples: {match: ["import telnetlib"]}
"""

# Counts the patterns `re` compiles while the CLI module is imported, in a fresh interpreter.
COUNT_CLI_COMPILES = """
from re import _compiler
compiled = []
compile_ = _compiler.compile
_compiler.compile = lambda text, flags=0: compiled.append(text) or compile_(text, flags)
from analyzer.commands import cli
print(len(compiled))
"""


def _cli_compiles(cache_home: Path) -> int:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", COUNT_CLI_COMPILES], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=120, check=True)
    return int(proc.stdout)


def test_the_cli_import_compiles_its_patterns_at_its_first_start_only(tmp_path: Path) -> None:
    first = _cli_compiles(tmp_path)
    second = _cli_compiles(tmp_path)
    assert second < first - 15  # platform's, textwrap's, the collector's: built from the stored codes
    entries = [p for p in (tmp_path / "jobgate" / compiled.AREA).rglob("*") if p.is_file()]
    for entry in entries:  # a damaged entry is ignored: the patterns are compiled again
        entry.write_bytes(entry.read_bytes().replace(b"platform", b"p1atform"))
    assert _cli_compiles(tmp_path) >= second


def _site_policy(tmp_path: Path) -> Path:
    (tmp_path / "packs").mkdir(exist_ok=True)
    (tmp_path / "packs" / "site.yaml").write_text(PACK)
    policy = tmp_path / "policy.yaml"
    policy.write_text("rule_packs: [packs]\n")
    return policy


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The keys of the entries read from now on."""
    keys: list[str] = []
    read = ResultCache.read
    monkeypatch.setattr(ResultCache, "read", lambda self, key: keys.append(key) or read(self, key))
    return keys


def test_the_check_and_the_load_read_each_built_entry_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    policy_file, cache = _site_policy(tmp_path), tmp_path / "cache"
    api.check_configuration(api.load_policy(policy_file, cache=cache))  # the first start stores the entries
    monkeypatch.setattr(rules, "_CACHE", {})  # a new start
    monkeypatch.setattr(catalogue, "_CACHE", {})
    monkeypatch.setattr(compiled, "_known_bodies", {})
    policy = api.load_policy(policy_file, cache=cache)
    packs = compiled.rule_packs(policy.rule_packs)
    keys = _reads(monkeypatch)
    api.check_configuration(policy)
    ruleset = rules.load_rules(policy)
    load_catalogue(policy)
    assert keys.count(compiled._built_key(packs, "")) == 1
    assert compiled._entry_key(packs, "") not in keys  # the documents' entry: not needed
    assert "site.no-telnet" in ruleset.rules
    assert not compiled._known_bodies


def test_a_damaged_built_entry_is_not_known_and_the_files_decide(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    policy_file, cache = _site_policy(tmp_path), tmp_path / "cache"
    api.check_configuration(api.load_policy(policy_file, cache=cache))
    policy = api.load_policy(policy_file, cache=cache)
    packs = compiled.rule_packs(policy.rule_packs)
    key = compiled._built_key(packs, "")
    store = ResultCache(cache, compiled.AREA)
    path = store._path(key)
    path.write_bytes(path.read_bytes().replace(b"telnet", b"te1net"))  # the tag no longer authenticates it
    assert not compiled.known(packs, cache) and key not in compiled._known_bodies
    monkeypatch.setattr(rules, "_CACHE", {})
    api.check_configuration(policy)  # loads the packs (from the documents), as at a first start
    assert "site.no-telnet" in rules.load_rules(policy).rules


def test_the_members_index_finds_what_a_pass_over_every_pattern_finds() -> None:
    catalogue = load_catalogue(api.load_policy())
    patterns = [*catalogue.apis.exact, *(p for _, p, _ in catalogue.apis.globs)]
    members = {"fit", "test", "", "no_such_member"}
    for pattern in patterns:
        at = pattern.find("().")
        while at != -1:
            members |= {pattern[at + 3:], pattern.rsplit(".", 1)[-1]}
            at = pattern.find("().", at + 3)
    assert len(members) > 50
    for member in members:
        tail = f"().{member}"
        assert catalogue._patterns_calling().get(member, []) == [p for p in patterns if p.endswith(tail)], member
