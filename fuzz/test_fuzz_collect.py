"""Fuzz the collector: random trees of files, links, FIFOs and folders with
odd names, under a random meta.json. The collector returns content or a
GateError, never anything else; never reads outside the job; and gives the
same digest for the same tree wherever it lives."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from settings import FUZZ

from analyzer.engine.collect import collect
from analyzer.model import GateError
from analyzer.policy import Limits

LIMITS = Limits(max_files=40, max_file_bytes=300, max_total_bytes=2000)
NAME = st.one_of(
    st.sampled_from(["app", "custom", "config", "train.py", "Train.py", "meta.json", "a\nb.py", ".hidden", "x y",
                     "caf\u00e9.py", "cafe\u0301.py", "\u202etxt.py", "-", "..a", "data.bin", "model.pt",
                     ".__nvfl_sig.json", "config_fed_client.json"]),
    st.text(st.characters(codec="utf-8", exclude_characters="/\x00", exclude_categories=["Cs"]), min_size=1,
            max_size=12).filter(lambda n: n not in (".", "..")),
)
PATH = st.lists(NAME, min_size=1, max_size=3)
ENTRY = st.one_of(
    st.tuples(st.just("file"), PATH, st.binary(max_size=400)),
    st.tuples(st.just("link"), PATH, st.sampled_from(["/etc/passwd", "/dev/zero", "..", "../..", "train.py", ".",
                                                      "/proc/self/environ", "nowhere"])),
    st.tuples(st.just("fifo"), PATH, st.just(b"")),
    st.tuples(st.just("dir"), PATH, st.just(b"")),
)
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=8), kids, max_size=3),
                    max_leaves=10)
SITES = st.one_of(st.lists(st.sampled_from(["server", "site-1", "@ALL", "site-2"]), max_size=3),
                  st.sampled_from(["server", "site-1", "@ALL"]))
DEPLOY_VALUE = st.one_of(SITES, st.fixed_dictionaries({"targets": SITES}), st.fixed_dictionaries({"sites": SITES}),
                         st.lists(st.one_of(st.sampled_from(["site-1", "server"]),
                                            st.fixed_dictionaries({"targets": SITES})), max_size=3), JSON)
META = st.one_of(
    st.none(),
    st.dictionaries(st.sampled_from(["app", "custom", "..", "/etc", "app/x", "missing", "train.py"]), DEPLOY_VALUE,
                    max_size=3).map(lambda m: json.dumps({"name": "j", "deploy_map": m}).encode()),
    JSON.map(lambda d: json.dumps(d).encode()),
    st.binary(max_size=60),
)


def build(root: Path, entries: list, meta: bytes | None) -> None:
    """Lay the tree out, never through a link it just made (a link to /etc
    followed by a file under it must not write into /etc), never opening a
    FIFO (that would wait for a reader), keeping the first entry of a name."""
    root.mkdir()
    if meta is not None:
        entries = [("file", ["meta.json"], meta), *entries]
    for kind, parts, payload in entries:
        path = _fresh(root, parts)
        if path is None:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "file":
            path.write_bytes(payload)
        elif kind == "link":
            path.symlink_to(payload)
        elif kind == "fifo":
            os.mkfifo(path)
        else:
            path.mkdir()


def _fresh(root: Path, parts: list[str]) -> Path | None:
    """A new path under `root` whose existing ancestors are all real folders."""
    here = root
    for part in parts[:-1]:
        here = here / part
        if here.is_symlink() or (os.path.lexists(here) and not here.is_dir()):
            return None
    path = here / parts[-1]
    return None if os.path.lexists(path) else path


def collected(root: Path):
    try:
        return collect(root, LIMITS)
    except GateError as err:  # a usage error (nothing to analyse, not a folder) is an answer too
        return str(err).replace(str(root), "<root>")


@FUZZ
@given(st.lists(ENTRY, max_size=12), META)
def test_collector_never_raises_never_leaves_the_job_and_is_deterministic(entries: list, meta: bytes | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp) / "a", Path(tmp) / "elsewhere-b"
        build(a, entries, meta)
        build(b, entries, meta)
        first, again, moved = collected(a), collected(a), collected(b)
        if isinstance(first, str):
            assert first == again == moved
            return
        assert first.digest == again.digest == moved.digest
        paths = {f.path for f in first.files}
        assert set(first.data) <= paths
        for p in paths:
            assert not p.startswith("/") and ".." not in p.split("/")
            assert (a / p).is_symlink() or (a / p).is_file(), p
        for f in first.files:
            if f.kind == "symlink":  # never followed: what is kept is the link's own target text
                assert f.path not in first.data
        special = [f for f in first.findings if f.rule in ("unanalyzable.special-file", "unanalyzable.symlink")]
        assert not special or any(f.never_accept for f in first.findings)
