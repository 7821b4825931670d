"""Session 53 (speed53): a regex list searches its entries one by one (lists.Matcher._leftmost) and must answer
what one alternation of them in order answers: the entry whose match starts first, the earliest entry among
those that start there."""

from __future__ import annotations

import re

import pytest

from analyzer.engine import lists
from analyzer.engine.lists import Entry, Matcher, NameList


def _alternation(m: Matcher, text: str) -> str | None:
    """What the list answered as one alternation of its entries (jobgate before session 53)."""
    flags = re.IGNORECASE if m.spec.ignore_case else 0
    found = re.search("|".join(f"(?P<e{i}>{v})" for i, v in enumerate(m.values)), text, flags)
    return None if found is None else m.values[int(found.lastgroup[1:])]


def _regex_list(*values: str, ignore_case: bool = False) -> Matcher:
    entries = tuple(Entry(value=v, examples=("x",)) for v in values)
    return Matcher("test", NameList(description="test", kind="regex", ignore_case=ignore_case, entries=entries))


def test_the_entry_matching_first_in_the_text_wins_over_an_earlier_entry():
    m = _regex_list(r"secret\.pem$", r"\.ssh/")
    assert m.match("/root/.ssh/secret.pem") == r"\.ssh/"  # starts at 5, the first entry at 11
    assert m.match("/keys/secret.pem") == r"secret\.pem$"


@pytest.mark.parametrize("text", ["id_rsa", "/home/u/id_rsa", "~/.ssh/id_rsa"])
def test_entries_starting_at_the_same_place_answer_the_earlier_entry(text):
    m = _regex_list(r"(^|/)id_rsa$", r"id_\w+", r"(^|[/~])\.?\w*id_rsa")
    expected = _alternation(m, text)
    assert expected is not None and m.match(text) == expected
    # reversed, the other entry wins where both start at the same place
    r = _regex_list(*reversed(m.values))
    assert r.match(text) == _alternation(r, text)


def test_case_blind_lists_and_anchored_entries():
    m = _regex_list(r"^/etc/passwd$", r"PASSWD", ignore_case=True)
    assert m.match("/ETC/PASSWD") == r"^/etc/passwd$"
    assert m.match("x/etc/passwd") == "PASSWD"
    assert _regex_list(r"^/etc/passwd$").match("/ETC/PASSWD") is None
    assert m.match("/etc/shadow") is None


def _texts() -> list[str]:
    """Every list's examples and no_match texts, and each joined to the next (two entries in one text)."""
    texts = sorted({t for m in lists.every_matcher() for t in
                    [*(x for e in m.spec.entries for x in e.examples), *m.spec.no_match]})
    return texts + [f"{a} {b}" for a, b in zip(texts, texts[1:])] + [f"{b}/{a}" for a, b in zip(texts, texts[1:])]


def test_every_regex_list_answers_as_its_alternation():
    texts = _texts()
    regex_lists = [m for m in lists.every_matcher() if m.spec.kind == "regex"]
    assert len(regex_lists) > 10 and len(texts) > 1000
    for m in regex_lists:
        answers = [(t, _alternation(m, t)) for t in texts]
        assert sum(a is not None for _, a in answers) >= len(m.values), m.name  # the examples at least
        assert [(t, m._leftmost(t)) for t, _ in answers] == answers, m.name


def test_credential_files_answers_the_same_entry_on_a_long_text():
    m = lists.matcher("credentials", "credential-files")
    text = "see " + "docs/readme " * 4000 + "~/.aws/credentials and ~/.ssh/id_rsa"
    assert len(text) > lists.MAX_KEPT_TEXT  # searched, not kept
    assert m.match(text) == _alternation(m, text) == r"(^|[/\\~])\.aws([/\\]|$)"
