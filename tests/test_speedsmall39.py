"""A small job's start (session 39): the policy is unpickled from the configuration cache like the rule
packs (its schema is built only to validate a file), and each flow vocabulary entry's pattern is
translated and compiled once per process (analysis.compile_configuration in the limited child's parent), and a
unit's analysis (a CLI command) lists and stats the rule packs and catalogue once, not at every lookup."""

from __future__ import annotations

import fnmatch
import pickle
from pathlib import Path

import pytest

from analyzer import api
from analyzer.engine import compiled
from analyzer.engine.cache import ResultCache
from analyzer.engine.flow import vocabulary
from analyzer.model import GateError
from analyzer.policy import Policy, _default_text

SITE_POLICY = "thresholds: {reject: 60, escalate: 20}\nalways_reject: [network]\n"


def _built_entry(cache: Path, policy_file: Path) -> tuple[ResultCache, str]:
    """The store and key of the policy's pickled entry."""
    sources = compiled.Sources("policy", (("built-in policy", _default_text()),
                                          (str(policy_file), policy_file.read_bytes())))
    return ResultCache(cache, compiled.AREA), compiled._built_key(sources, str(policy_file.resolve().parent))


def test_a_policy_comes_back_from_its_entry_as_it_validated(tmp_path: Path) -> None:
    policy_file = tmp_path / "policy.yaml"
    policy_file.write_text(SITE_POLICY)
    cache = tmp_path / "cache"
    first = api.load_policy(policy_file, cache=cache)
    store, key = _built_entry(cache, policy_file)
    assert isinstance(pickle.loads(store.read(key)), Policy)
    again = api.load_policy(policy_file, cache=cache)
    assert again.model_dump() == first.model_dump() == api.load_policy(policy_file).model_dump()
    assert again.config_cache == cache and again.thresholds.reject == 60 and again.always_reject == ("network",)


@pytest.mark.parametrize("damage", ["tampered", "another type"])
def test_a_damaged_policy_entry_is_validated_from_the_file_again(tmp_path: Path, damage: str) -> None:
    policy_file = tmp_path / "policy.yaml"
    policy_file.write_text(SITE_POLICY)
    cache = tmp_path / "cache"
    first = api.load_policy(policy_file, cache=cache)
    store, key = _built_entry(cache, policy_file)
    if damage == "tampered":  # the tag no longer authenticates the body
        path = store._path(key)
        path.write_bytes(path.read_bytes().replace(b"network", b"netw0rk"))
    else:  # authenticated, but not a policy
        store.write(key, pickle.dumps({"thresholds": {"reject": 101, "escalate": 101}}))
    assert api.load_policy(policy_file, cache=cache).model_dump() == first.model_dump()


def test_a_policy_file_broken_after_it_was_compiled_is_still_an_error(tmp_path: Path) -> None:
    policy_file = tmp_path / "policy.yaml"
    policy_file.write_text(SITE_POLICY)
    api.load_policy(policy_file, cache=tmp_path / "cache")
    policy_file.write_text(SITE_POLICY.replace("reject: 60", "reject: .nan"))
    with pytest.raises(GateError, match="finite"):
        api.load_policy(policy_file, cache=tmp_path / "cache")


def test_each_vocabulary_entry_is_translated_when_it_validates_not_at_each_start(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """speed40small: an entry's wildcards are translated when it validates and kept with it (pickled in the
    compiled configuration), so a start that unpickles the vocabulary translates none."""
    vocab = vocabulary.Vocabulary(vocabulary.load().files)
    name, entry = next((n, e) for n, e in vocab.entries.items()
                       if e.kind == "names" and any("*" in v for v in e.values))
    translated: list[str] = []
    translate = fnmatch.translate
    monkeypatch.setattr(fnmatch, "translate", lambda p: translated.append(p) or translate(p))
    first = vocab.names(name)
    for value in entry.examples.match:
        assert vocab.names(name)(value)
    assert vocab.names(name) is first and vocab.tester(name) is first
    assert translated == []
    assert pickle.loads(pickle.dumps(entry))._wildcards == entry._wildcards
    validated = vocabulary.Entry.model_validate(entry.model_dump())
    assert translated == [v for v in entry.values if "*" in v]
    assert validated._wildcards == entry._wildcards == vocabulary.wildcards(entry.values)


def test_a_unit_is_judged_under_one_reading_of_the_packs(tmp_path: Path) -> None:
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "site.yaml").write_text("pack: site\nrules: []\n")
    with compiled.one_reading():
        first = compiled.rule_packs((packs,))
        (packs / "later.yaml").write_text("pack: later\nrules: []\n")  # changed while the unit is analysed
        assert compiled.rule_packs((packs,)) is first
        with compiled.one_reading():  # an inner reading is the outer one
            assert compiled.rule_packs((packs,)) is first
    after = [where for where, _ in compiled.rule_packs((packs,)).files]
    assert str(packs / "later.yaml") in after and str(packs / "later.yaml") not in [w for w, _ in first.files]
