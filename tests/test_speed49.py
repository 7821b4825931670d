"""Session 49 (speed49): the other-files detector keeps a unit's answers of `_location_rule` per word and finds the
document names code spells with a trie of them; both give what the work they replace gave."""

from __future__ import annotations

import random
import re

import redteam_kit as kit
from analyzer.engine.collect import Content
from analyzer.engine.detectors import files
from conftest import CORPUS


def _alternation(names: list[bytes]) -> re.Pattern:
    """The pattern _Spelled compiled before the trie: the names, longest first."""
    return re.compile(b"|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))


def test_the_trie_matches_what_the_longest_first_alternation_matches() -> None:
    rng = random.Random(49)
    texts = [p.read_bytes() for p in sorted(CORPUS.rglob("*")) if p.is_file() and p.stat().st_size < 200_000][:400]
    names = [b"README.md", b"README", b"README.mdx", b"config.yaml", b"config.yml", b"fed_client.conf",
             b"client.conf", b"LICENSE", b"LICENSE.txt", b"a", b"ab", b"abc", b"abd", "r\u00e9sum\u00e9.md".encode(),
             b"x" * 300 + b".md", b"settings.toml", b".gitignore"]
    for _ in range(60):
        chosen = rng.sample(names, rng.randint(1, len(names)))
        trie, alternation = files._longest_of(chosen), _alternation(chosen)
        for text in (*rng.sample(texts, 5), b" ".join(rng.choices(names, k=40)), b"".join(rng.choices(names, k=40))):
            assert [m.span() for m in trie.finditer(text)] == [m.span() for m in alternation.finditer(text)]
    assert files._longest_of([]).pattern == _alternation([]).pattern  # matches the empty string, as before


def _other_files_hits(tmp_path, monkeypatch) -> tuple[set, list[str]]:
    asked: list[str] = []
    rule = files._location_rule
    monkeypatch.setattr(files, "_location_rule", lambda word: asked.append(word) or rule(word))
    readme = "See https://github.com/NVIDIA/NVFlare and /mnt/share/data.\n"
    job = {f"app{i}/README.md": readme for i in range(6)}
    job |= {f"app{i}/settings.json": '{"out": "//fileserver/share/x", "key": "/root/.ssh/id_rsa"}' for i in range(6)}
    job["app0/train.py"] = "import json\nprint(json.load(open('README.md')), json.load(open('settings.json')))\n"
    report = kit.scan_files(tmp_path, job)
    found = {(f.rule, f.path, f.line) for f in report.findings if f.rule.startswith("config-attack.file-")}
    return found, asked


def test_a_unit_asks_each_word_s_rule_once_and_finds_the_same(tmp_path, monkeypatch, in_process) -> None:
    found, asked = _other_files_hits(tmp_path, monkeypatch)
    # every copy of the README and the settings still shows its locations, on its own line
    for i in range(6):
        assert ("config-attack.file-network-location", f"app{i}/settings.json", 1) in found, found
        assert ("config-attack.file-sensitive-path", f"app{i}/settings.json", 1) in found, found
        assert ("config-attack.file-network-location", f"app{i}/README.md", 1) in found, found
    assert asked and len(asked) == len(set(asked)), asked  # main asked each word again in every file
    assert all("/" in word for word in asked)


def test_a_long_word_is_judged_each_time(tmp_path, monkeypatch) -> None:
    asked: list[str] = []
    rule = files._location_rule
    monkeypatch.setattr(files, "_location_rule", lambda word: asked.append(word) or rule(word))
    long = "//fileserver/" + "x" * files.MAX_KEPT_TEXT
    kept: dict = {}
    for _ in range(2):
        hits = list(files._settings_locations(Content("t", "t", "folder", [], {}), "notes.txt",
                                              f"{long} //fileserver/share\n".encode(), rules=kept))
        assert [h.rule for h in hits] == ["config-attack.file-network-location"]
    assert asked == [long, "//fileserver/share", long]
    assert set(kept) == {"//fileserver/share"}
