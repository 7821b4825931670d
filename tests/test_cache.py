"""The content cache can make a scan faster, never its result different."""

from __future__ import annotations

import os
from pathlib import Path

from analyzer.cache import KEY_FILE, ResultCache, key_of
from analyzer.model import Finding

F = Finding(rule="network.http-client", category="network", severity="critical", confidence="high", path="a.py",
            line=3, column=1, message="HTTP request with requests.post", kind="threat")


def test_an_entry_comes_back_as_it_went_in(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path)
    cache.put(key_of("a"), [F])
    assert cache.get(key_of("a")) == [F]
    assert cache.get(key_of("b")) is None


def test_the_key_file_is_private(tmp_path: Path) -> None:
    ResultCache(tmp_path)
    assert (tmp_path / KEY_FILE).stat().st_mode & 0o777 == 0o600


def test_a_tampered_entry_is_ignored(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path)
    key = key_of("a")
    cache.put(key, [F])
    entry = tmp_path / key[:2] / key
    entry.write_bytes(entry.read_bytes().replace(b"critical", b"info    "))
    assert cache.get(key) is None


def test_an_entry_moved_under_another_key_is_ignored(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path)
    cache.put(key_of("clean"), [])
    clean, dirty = key_of("clean"), key_of("dirty")
    (tmp_path / dirty[:2]).mkdir(exist_ok=True)
    (tmp_path / dirty[:2] / dirty).write_bytes((tmp_path / clean[:2] / clean).read_bytes())
    assert cache.get(dirty) is None


def test_an_entry_from_another_cache_is_ignored(tmp_path: Path) -> None:
    ResultCache(tmp_path / "other").put(key_of("a"), [])
    mine = ResultCache(tmp_path / "mine")
    key = key_of("a")
    (tmp_path / "mine" / key[:2]).mkdir()
    (tmp_path / "mine" / key[:2] / key).write_bytes((tmp_path / "other" / key[:2] / key).read_bytes())
    assert mine.get(key) is None


def test_a_corrupt_entry_is_ignored(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path)
    key = key_of("a")
    cache.put(key, [F])
    (tmp_path / key[:2] / key).write_bytes(b"\x00garbage")
    assert cache.get(key) is None


def test_a_key_readable_by_others_turns_the_cache_off(tmp_path: Path) -> None:
    ResultCache(tmp_path).put(key_of("a"), [F])
    os.chmod(tmp_path / KEY_FILE, 0o644)
    cache = ResultCache(tmp_path)
    assert not cache.usable and cache.get(key_of("a")) is None


def test_an_unwritable_folder_only_costs_time(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = ResultCache(blocker / "cache")
    cache.put(key_of("a"), [F])
    assert cache.get(key_of("a")) is None
