"""Fuzz the readers of what a job or a site hands the gate as configuration:
NVFlare configs (JSON, YAML, HOCON), notebooks, site policies and the
allowlist. Each returns its result or a GateError, never anything else, and
a damaged allowlist never covers what the intact one did not."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from settings import FUZZ

from analyzer.trust import allowlist, keys
from analyzer.engine.configs import read_config
from analyzer.model import GateError
from analyzer.engine.notebooks import read_notebook
from analyzer.policy import load_policy

SEEDS = {
    "json": [b'{"format_version": 2, "executors": [{"executor": {"path": "a.B", "args": {"x": 1}}}]}',
             b'{"a": 1, "a": 2}', b'// comment\n{"a": [1, 2, {"b": null}]}'],
    "yaml": [b"a: &x [1, 2]\nb: *x\nc: !!python/object:os.system [id]\n", b"k: ${oc.env:HOME}\n",
             b"a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"],
    "conf": [b'include required(file("/etc/passwd"))\na { b = ${c}, c = 1 }\n', b"a = ${?HOME}\nb = ${a}${a}\n",
             b'a = "x"\na = ${a}"y"\n'],
}
CONFIG = st.sampled_from(sorted(SEEDS)).flatmap(
    lambda fmt: st.tuples(st.just(fmt), st.sampled_from(SEEDS[fmt]), st.lists(
        st.tuples(st.integers(0, 200), st.binary(min_size=0, max_size=6), st.integers(0, 4)), max_size=4)))


def mutate(seed: bytes, edits: list) -> bytes:
    data = seed
    for at, insert, cut in edits:
        at = at % (len(data) + 1)
        data = data[:at] + insert + data[at + cut:]
    return data


@FUZZ
@given(CONFIG)
def test_config_readers_return_a_document_for_any_bytes(case) -> None:
    fmt, seed, edits = case
    data = mutate(seed, edits)
    doc = read_config(f"app/config/config_fed_client.{fmt}", data)
    again = read_config(f"app/config/config_fed_client.{fmt}", data)
    assert (doc.ok, [(p.kind, p.line) for p in doc.problems]) == (again.ok, [(p.kind, p.line) for p in again.problems])
    assert doc.ok or doc.problems  # a config the reader could not read is a problem, never silently empty


@FUZZ
@given(st.binary(max_size=300) | st.builds(lambda s: ('{"cells": [{"cell_type": "code", "source": %s}]}' % s).encode(),
                                            st.text(max_size=40).map(repr)))
def test_notebook_reader_returns_a_notebook_for_any_bytes(data: bytes) -> None:
    read_notebook(data)


POLICY_SEED = (b"thresholds: {reject: 70, escalate: 20}\nlimits: {max_files: 10}\n"
               b"scoring: {confidence: {low: 0.4, medium: 0.7, high: 1.0}}\nalways_reject: [network]\n")


@FUZZ
@given(st.lists(st.tuples(st.integers(0, 300), st.binary(max_size=4), st.integers(0, 3)), max_size=4))
def test_policy_loader_returns_a_policy_or_a_gate_error(edits: list) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "policy.yaml"
        path.write_bytes(mutate(POLICY_SEED, edits))
        try:
            policy = load_policy(path)
        except GateError as err:
            assert str(path) in str(err)
            return
        assert policy.thresholds.escalate <= policy.thresholds.reject


_SITE: dict = {}


def _ledger() -> tuple[Path, object, bytes, str]:
    """A two-reviewer allowlist in which digest D was approved twice, then revoked."""
    if not _SITE:
        folder = Path(tempfile.mkdtemp(prefix="jobgate-fuzz-"))
        for who in ("alice", "bob"):
            keys.generate(folder / who)
        (folder / "policy.yaml").write_text("trust: {reviewers: [alice.pub, bob.pub], required_signatures: 2}\n")
        policy = load_policy(folder / "policy.yaml")
        digest = "sha256:" + "d" * 64
        path = folder / "allowlist.jsonl"
        for who, decision in (("alice", "approved"), ("bob", "approved"), ("alice", "revoked"),
                              ("bob", "approved")):
            allowlist.sign_decision(path, keys.load_private(folder / f"{who}.key"), digest=digest, name="j",
                                    decision=decision, by="reviewer", policy=policy, rules="")
        assert not allowlist.check(path, digest, policy).covered
        _SITE.update(folder=folder, policy=policy, data=path.read_bytes(), digest=digest)
    return _SITE["folder"], _SITE["policy"], _SITE["data"], _SITE["digest"]


@FUZZ
@given(st.lists(st.tuples(st.integers(0, 4000), st.binary(max_size=3), st.integers(0, 2)), min_size=1, max_size=3))
def test_a_damaged_allowlist_never_covers_what_the_intact_one_did_not(edits: list) -> None:
    folder, policy, data, digest = _ledger()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "allowlist.jsonl"
        path.write_bytes(mutate(data, edits))
        try:
            cov = allowlist.check(path, digest, policy)
        except GateError:
            return  # damaged: it decides nothing
        assert not cov.covered
