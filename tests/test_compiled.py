"""The compiled configuration (analyzer/engine/compiled.py) saves parsing YAML at
start-up and never changes what is loaded: an entry that is damaged is read
again from the files, a changed file is a new entry, and nothing of a scanned
job ever reaches it."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from conftest import run_cli

from analyzer import api
from analyzer.engine import catalogue, compiled, rules
from analyzer.engine.cache import ResultCache
from analyzer.model import GateError
from analyzer.engine.rules import read_pack

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


def _site_policy(tmp_path: Path, pack: str = PACK) -> Path:
    (tmp_path / "packs").mkdir(exist_ok=True)
    (tmp_path / "packs" / "site.yaml").write_text(pack)
    policy = tmp_path / "policy.yaml"
    policy.write_text("rule_packs: [packs]\n")
    return policy


def _entries(cache: Path) -> set[Path]:
    return {p for p in (cache / compiled.AREA).rglob("*") if p.is_file()}


def test_documents_come_back_from_the_entry(tmp_path: Path) -> None:
    policy = api.load_policy(_site_policy(tmp_path), cache=tmp_path / "cache")
    sources = compiled.rule_packs(policy.rule_packs)
    docs, known = compiled.documents(sources, policy.config_cache, read_pack)
    assert not known
    compiled.remember(sources, docs, policy.config_cache)
    again, known = compiled.documents(sources, policy.config_cache, read_pack)
    assert known and again == docs and again[-1]["rules"][0]["id"] == "site.no-telnet"


def test_a_tampered_entry_is_read_from_the_files_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    policy = api.load_policy(_site_policy(tmp_path), cache=cache)
    sources = compiled.rule_packs(policy.rule_packs)
    docs, _ = compiled.documents(sources, cache, read_pack)
    compiled.remember(sources, docs, cache)
    for entry in _entries(cache):
        entry.write_bytes(entry.read_bytes().replace(b"telnetlib", b"ftplib\x20\x20\x20"))
    assert compiled.stored(sources, cache) is None
    again, known = compiled.documents(sources, cache, read_pack)
    assert not known and again == docs


def test_an_entry_moved_under_another_key_is_ignored(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    policy = api.load_policy(_site_policy(tmp_path), cache=cache)
    sources = compiled.rule_packs(policy.rule_packs)
    compiled.remember(sources, compiled.documents(sources, cache, read_pack)[0], cache)
    (tmp_path / "packs" / "site.yaml").write_text(PACK.replace("telnetlib", "ftplib"))
    changed = compiled.rule_packs(policy.rule_packs)
    old, new = compiled._entry_key(sources, ""), compiled._entry_key(changed, "")
    area = cache / compiled.AREA
    (area / new[:2]).mkdir(exist_ok=True)
    (area / new[:2] / new).write_bytes((area / old[:2] / old).read_bytes())
    assert compiled.stored(changed, cache) is None


def test_a_pack_broken_after_it_was_compiled_is_still_a_configuration_error(tmp_path: Path) -> None:
    policy_file = _site_policy(tmp_path)
    cache = tmp_path / "cache"
    api.check_configuration(api.load_policy(policy_file, cache=cache))
    assert _entries(cache)
    (tmp_path / "packs" / "site.yaml").write_text(PACK.replace("severity: high", "severity: loud"))
    with pytest.raises(GateError, match="site.yaml: invalid rule pack"):
        api.check_configuration(api.load_policy(policy_file, cache=cache))


def test_a_site_policy_loads_the_same_from_its_entry(tmp_path: Path) -> None:
    policy_file = _site_policy(tmp_path)
    first = api.load_policy(policy_file, cache=tmp_path / "cache")
    second = api.load_policy(policy_file, cache=tmp_path / "cache")
    assert second.model_dump() == first.model_dump() == api.load_policy(policy_file).model_dump()
    assert second.rule_packs == (tmp_path / "packs",)


def test_what_a_yaml_document_json_cannot_hold_exactly_is_not_stored(tmp_path: Path) -> None:
    sources = compiled.Sources("test", (("a.yaml", b"1: one\n"),))
    compiled.remember(sources, [{1: "one"}], tmp_path)
    assert compiled.stored(sources, tmp_path) is None


def test_scanned_jobs_never_reach_the_compiled_configuration(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    for name, code in (("a", "import os\nos.system('marker-7f3a')\n"), ("b", "print(1)\n")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "train.py").write_text(code)
        proc = run_cli("scan", "--format", "json", "--cache-dir", str(cache), str(tmp_path / name))
        assert json.loads(proc.stdout)["reports"], proc.stderr
        if name == "a":
            before = {p: p.read_bytes() for p in _entries(cache)}
    assert before and {p: p.read_bytes() for p in _entries(cache)} == before
    assert all(b"marker-7f3a" not in body for body in before.values())


def test_a_warm_process_reads_a_pack_again_once_it_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiled, "SETTLED_NS", 0)  # files written just now count as settled
    policy = api.load_policy(_site_policy(tmp_path))
    first = compiled.rule_packs(policy.rule_packs)
    assert compiled.rule_packs(policy.rule_packs) is first  # unchanged: not read again
    (tmp_path / "packs" / "site.yaml").write_text(PACK.replace("telnetlib", "ftplib"))
    changed = compiled.rule_packs(policy.rule_packs)
    assert changed.digest != first.digest and b"ftplib" in changed.files[-1][1]
    (tmp_path / "packs" / "extra.yaml").write_text(PACK.replace("site.no-telnet", "site.more"))
    assert [w for w, _ in compiled.rule_packs(policy.rule_packs).files][-2:] == \
        [str(tmp_path / "packs" / "extra.yaml"), str(tmp_path / "packs" / "site.yaml")]


def test_files_changed_just_before_they_were_read_are_read_again_every_time(tmp_path: Path) -> None:
    # a second write within the file system's timestamp granularity may leave the file's status as it was
    policy = api.load_policy(_site_policy(tmp_path))
    first = compiled.rule_packs(policy.rule_packs)
    (tmp_path / "packs" / "site.yaml").write_text(PACK.replace("severity: high", "severity: loud"))
    again = compiled.rule_packs(policy.rule_packs)
    assert again is not first and b"loud" in again.files[-1][1]
    assert compiled.rule_packs(policy.rule_packs) is not again  # not kept: read again until it settles


def test_checking_a_compiled_configuration_parses_none_of_its_entries(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    policy = api.load_policy(_site_policy(tmp_path), cache=tmp_path / "cache")
    api.check_configuration(policy)
    monkeypatch.setattr(compiled, "stored", lambda *a, **k: pytest.fail("an entry was parsed only to be checked"))
    api.check_configuration(policy)


def _new_start(policy_file: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> rules.RuleSet:
    """The rule set as a new process loads it (nothing loaded in this one yet)."""
    monkeypatch.setattr(rules, "_CACHE", {})
    return rules.load_rules(api.load_policy(policy_file, cache=cache))


def _validated_packs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Where each pack validated from now on comes from."""
    seen: list[str] = []
    validate = rules.validate_pack
    monkeypatch.setattr(rules, "validate_pack", lambda doc, where, *a: seen.append(where) or validate(doc, where, *a))
    return seen


def test_a_later_start_unpickles_the_loaded_rule_set_and_catalogue(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    policy_file, cache = _site_policy(tmp_path), tmp_path / "cache"
    first = _new_start(policy_file, cache, monkeypatch)
    policy = api.load_policy(policy_file, cache=cache)
    monkeypatch.setattr(catalogue, "_CACHE", {})
    first_catalogue = catalogue.load_catalogue(policy)
    validated = _validated_packs(monkeypatch)
    monkeypatch.setattr(catalogue, "validate_catalogue_file", lambda *a: pytest.fail("a catalogue file validated"))
    again = _new_start(policy_file, cache, monkeypatch)
    monkeypatch.setattr(catalogue, "_CACHE", {})
    again_catalogue = catalogue.load_catalogue(policy)
    assert validated == [] and again is not first
    assert again.rules == first.rules and again.digest == first.digest and again.modules == first.modules
    found = again.imports.lookup("telnetlib")
    assert found == first.imports.lookup("telnetlib") and any(r is again.rules["site.no-telnet"] for r in found)
    assert again.python_detectors.keys() == first.python_detectors.keys()
    assert again_catalogue.entries("torch.nn.Linear") == first_catalogue.entries("torch.nn.Linear") != []
    assert again_catalogue.examples == first_catalogue.examples


def _damage(store: ResultCache, key: str, how: str, other: Path) -> None:
    path = store._path(key)
    raw = path.read_bytes()
    if how == "truncated":
        path.write_bytes(raw[: len(raw) // 2])
    elif how == "tampered":
        path.write_bytes(raw[:-40] + bytes([raw[-40] ^ 1]) + raw[-39:])
    elif how == "foreign":  # another intact entry of the folder, moved under this key
        path.write_bytes(other.read_bytes())
    elif how == "not a pickle":
        store.write(key, b"\x80\x05garbage")
    else:  # unpickles behind a valid tag, but to something else
        store.write(key, pickle.dumps({"rules": {}}))


@pytest.mark.parametrize("how", ["truncated", "tampered", "foreign", "not a pickle", "another type"])
def test_a_damaged_or_foreign_built_entry_is_ignored_and_written_anew(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                      how: str) -> None:
    policy_file, cache = _site_policy(tmp_path), tmp_path / "cache"
    first = _new_start(policy_file, cache, monkeypatch)
    sources = compiled.rule_packs(api.load_policy(policy_file, cache=cache).rule_packs)
    store, key = ResultCache(cache, compiled.AREA), compiled._built_key(sources, "")
    _damage(store, key, how, store._path(compiled._entry_key(sources, "")))
    validated = _validated_packs(monkeypatch)
    again = _new_start(policy_file, cache, monkeypatch)
    assert validated[-1] == str(tmp_path / "packs" / "site.yaml") and again.rules == first.rules
    assert pickle.loads(store.read(key)).rules == first.rules  # written anew


def test_a_changed_pack_or_policy_byte_misses_the_built_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    policy_file, cache = _site_policy(tmp_path), tmp_path / "cache"
    _new_start(policy_file, cache, monkeypatch)
    (tmp_path / "packs" / "site.yaml").write_text(PACK.replace("message: telnet", "message: telneT"))
    assert _new_start(policy_file, cache, monkeypatch).rules["site.no-telnet"].message == "telneT"
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "site.yaml").write_text(PACK.replace("telnetlib", "ftplib"))
    policy_file.write_text("rule_packs: [other]\n")
    moved = _new_start(policy_file, cache, monkeypatch)
    assert [r.id for r in moved.imports.lookup("ftplib") if r.id.startswith("site.")] == ["site.no-telnet"]
    assert not [r for r in moved.imports.lookup("telnetlib") if r.id.startswith("site.")]
    sources = compiled.rule_packs(api.load_policy(policy_file, cache=cache).rule_packs)
    key = compiled._built_key(sources, "")
    monkeypatch.setattr(compiled, "_validator_version", lambda: "VERSION = '0.0.1'")  # what validated the objects
    assert compiled._built_key(sources, "") != key
