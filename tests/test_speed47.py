"""Session 47 (speed47): answers kept by the lists' matchers (lists.Matcher.match) and what the unit's
texts hold (program.Texts.holding) are the answers the work they replace gives."""

from __future__ import annotations

import hashlib
import itertools
import types
from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.engine import lists
from analyzer.engine.detectors import configs, vouch
from analyzer.model import Decision, FileEntry

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


# vouch.interpolations reads a module's literals for `${oc.env:NAME}` only when its source can spell a `$`:
# each way a literal makes one is still read, and a source with none of them is not walked.
SPELLINGS = ["'${oc.env:AWS_SECRET_ACCESS_KEY}'", r"'\x24{oc.env:AWS_SECRET_ACCESS_KEY}'",
             r"'\44{oc.env:AWS_SECRET_ACCESS_KEY}'", r"'\044{oc.env:AWS_SECRET_ACCESS_KEY}'",
             r"'\u0024{oc.env:AWS_SECRET_ACCESS_KEY}'", r"'\U00000024{oc.env:AWS_SECRET_ACCESS_KEY}'",
             r"'\N{DOLLAR SIGN}{oc.env:AWS_SECRET_ACCESS_KEY}'", r"'\N{dollar sign}{oc.env:AWS_SECRET_ACCESS_KEY}'",
             r"b'\x24{oc.env:AWS_SECRET_ACCESS_KEY}'.decode()", "'$' '{oc.env:AWS_SECRET_ACCESS_KEY}'",
             "'{oc.env:AWS_SECRET_ACCESS_KEY}'.join(['$', ''])"]
OMEGACONF = ("import logging\nfrom omegaconf import DictConfig\nc = DictConfig({{'run': {value}}})\n"
             "logging.getLogger(__name__).info('%s', c)\n")


@pytest.mark.parametrize("value", SPELLINGS)
def test_every_spelling_of_an_interpolation_is_still_read(tmp_path: Path, value: str) -> None:
    assert eval(value) == "${oc.env:AWS_SECRET_ACCESS_KEY}"
    report = kit.scan_source(tmp_path, OMEGACONF.format(value=value))
    assert any(rule == "unvouched.api" and "os.environ.get('AWS_SECRET_ACCESS_KEY') (an OmegaConf interpolation)"
               in message for rule, message in kit.findings(report)), kit.findings(report)
    assert report.decision is Decision.ESCALATE


def test_a_source_without_a_dollar_is_not_walked_for_interpolations(tmp_path: Path, monkeypatch, in_process) -> None:
    walked = []
    literal_texts = vouch.literal_texts
    monkeypatch.setattr(vouch, "literal_texts", lambda module, longest: walked.append(longest) or
                        literal_texts(module, longest))
    report = kit.scan_source(tmp_path, OMEGACONF.format(value="'{oc.env:HOME}'"))
    assert report.decision is Decision.ACCEPT, kit.findings(report)
    assert vouch.INTERPOLATED_TEXT not in walked
    report = kit.scan_source(tmp_path, OMEGACONF.format(value="'${oc.env:LOCAL_RANK,0}'"))
    assert report.decision is Decision.ACCEPT, kit.findings(report)
    assert vouch.INTERPOLATED_TEXT in walked


# configs._option_readers: a config's command line is replayed through the modules that import, module by
# module, the one that parses it; each step asked whether an entry was found by comparing it with every
# entry found so far, field by field (NVFlare's examples as one unit: 1.7 million comparisons).
def test_the_option_readers_follow_a_long_import_chain_without_comparing_entries(monkeypatch) -> None:
    sources = {"custom/opts.py": b"import argparse\n\ndef get_args():\n    return build().parse_args()\n"}
    for i in range(1, 61):
        sources[f"custom/c{i}.py"] = f"from {'opts' if i == 1 else f'c{i - 1}'} import get_args\n".encode()
        sources[f"custom/other{i}.py"] = b"import os\n\nprint(os.getcwd())\n"
    files = [FileEntry(path, hashlib.sha256(data).hexdigest(), "python", len(data)) for path, data in sources.items()]
    job = types.SimpleNamespace(content=types.SimpleNamespace(files=files, data=sources))
    compared = []
    eq = FileEntry.__eq__
    monkeypatch.setattr(FileEntry, "__eq__", lambda a, b: compared.append(1) or eq(a, b))
    found = configs._option_readers(job, ("--out",))
    assert [e.path for e in found] == ["custom/opts.py", *(f"custom/c{i}.py" for i in range(1, 61))]
    assert len(compared) <= len(files)


# Found on the way, left open (not a speed change): paths.literal_texts reads an f-string's text parts as written,
# so `{{` is not the `{` the string holds, and an f-string joined to a literal is not evaluated at all: an
# interpolation spelled that way is not read (main 8318396 accepts both).
@pytest.mark.parametrize("value", ["f'${{oc.env:AWS_SECRET_ACCESS_KEY}}'", "f'$' '{oc.env:AWS_SECRET_ACCESS_KEY}'"])
def test_an_interpolation_in_an_f_string_is_read(tmp_path: Path, value: str) -> None:
    report = kit.scan_source(tmp_path, OMEGACONF.format(value=value))
    assert report.decision is Decision.ESCALATE, kit.findings(report)
