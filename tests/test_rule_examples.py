"""Every inline example of every rule pack is a test: `match` examples must
produce a finding of that rule, `no_match` examples must not."""

from __future__ import annotations

import pytest

from analyzer import api
from analyzer.engine.collect import collect, from_bytes

POLICY = api.load_policy()
RULES = api.load_rules(POLICY)


def _cases(kind: str):
    for rule in sorted(RULES.rules.values(), key=lambda r: r.id):
        for i, text in enumerate(getattr(rule.examples, kind)):
            yield pytest.param(rule.id, rule.examples.file, text, rule.examples.files, id=f"{rule.id}-{kind}-{i}")


def _rules_found(name: str, text: str, files: dict[str, str] | None = None, folder=None) -> set[str]:
    """The rules an example makes, scanned as `name` alone, or beside the example's other files in `folder`."""
    if not files:
        content = from_bytes(name, text.encode(), POLICY.limits)
    else:
        for path, body in {**files, name: text}.items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text(body)
        content = collect(folder, POLICY.limits)
    return {f.rule for f in api.analyze(content, POLICY).findings}


@pytest.mark.parametrize("rule_id,name,text,files", list(_cases("match")))
def test_example_matches(rule_id: str, name: str, text: str, files: dict[str, str], tmp_path) -> None:
    found = _rules_found(name, text, files, tmp_path)
    assert rule_id in found, f"{rule_id} did not match:\n{text}\nfound: {sorted(found)}"


@pytest.mark.parametrize("rule_id,name,text,files", list(_cases("no_match")))
def test_example_does_not_match(rule_id: str, name: str, text: str, files: dict[str, str], tmp_path) -> None:
    found = _rules_found(name, text, files, tmp_path)
    assert rule_id not in found, f"{rule_id} matched but must not:\n{text}"


def test_every_rule_has_examples_of_both_kinds_or_says_why() -> None:
    # A rule without a `match` example cannot be tested; the schema already refuses it.
    assert all(rule.examples.match for rule in RULES.rules.values())
