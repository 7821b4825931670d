"""Session 47 (speed47): answers kept by the lists' matchers (lists.Matcher.match) and what the unit's
texts hold (program.Texts.holding) are the answers the work they replace gives."""

from __future__ import annotations

import itertools

from analyzer.engine import lists

FILES = sorted(p.stem for p in lists.FOLDER.glob("*.yaml"))


def _texts(m: lists.Matcher) -> list[str]:
    return [t for e in m.spec.entries for t in e.examples] + list(m.spec.no_match)


def test_a_kept_answer_is_the_search_s_for_every_list_asked_in_any_order(monkeypatch) -> None:
    monkeypatch.setattr(lists, "MAX_KEPT_ANSWERS", 3)  # cleared often, so answers are kept, dropped and made again
    for file in FILES:
        for name, kept in lists.lists(file).items():
            texts = _texts(kept)
            fresh = {t: lists.Matcher(name, kept.spec).match(t) for t in texts}
            for text in itertools.chain(texts, reversed(texts), texts):
                assert kept.match(text) == fresh[text], (file, name, text)
                assert kept.match(text.upper()) == lists.Matcher(name, kept.spec).match(text.upper())


def test_a_text_is_searched_once_and_a_long_one_every_time(monkeypatch) -> None:
    m = lists.Matcher("credential-files", lists.matcher("credentials", "credential-files").spec)
    searched = []
    search = m._search
    monkeypatch.setattr(m, "_search", lambda text: searched.append(text) or search(text))
    for _ in range(3):
        assert m.match("/root/.ssh/id_rsa") == r"(^|[/\\~])\.ssh([/\\]|$)"
        assert m.match("outputs/model.pt") is None
    assert searched == ["/root/.ssh/id_rsa", "outputs/model.pt"]
    long = "x/" * lists.MAX_KEPT_TEXT + ".aws/credentials"
    assert m.match(long) is not None and m.match(long) is not None
    assert searched[2:] == [long, long]  # not kept: a text past MAX_KEPT_TEXT is searched each time
