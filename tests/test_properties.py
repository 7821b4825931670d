"""Properties of the whole pipeline over generated inputs (Hypothesis).

For Python sources (valid and invalid) and random byte files of every kind
the gate classifies: analysis never raises, never accepts what CPython cannot
compile, and is deterministic (same bytes, same digest, same report).
`make fuzz` runs the same properties with many more examples (docs/fuzzing.md).
"""

from __future__ import annotations

import json
import os
import warnings

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzer import api
from analyzer.engine.collect import from_bytes
from analyzer.model import Decision
from analyzer.policy import load_policy

POLICY = load_policy()
EXAMPLES = int(os.environ.get("JOBGATE_PROPERTY_EXAMPLES", "60"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# -- Python sources ------------------------------------------------------------

NAMES = st.sampled_from(["x", "data", "os", "np", "requests", "model", "f", "eval", "exec", "getattr", "__import__",
                         "subprocess", "open", "print", "ｅｖａｌ", "r\u0435quests", "self", "torch"])
ATOMS = st.one_of(NAMES, st.integers(-10**6, 10**6).map(str),
                  st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12).map(repr),
                  st.binary(max_size=8).map(repr))


def _expr(depth: int) -> st.SearchStrategy[str]:
    if depth == 0:
        return ATOMS
    sub = _expr(depth - 1)
    return st.one_of(
        ATOMS,
        st.tuples(sub, st.lists(sub, max_size=3)).map(lambda t: f"{t[0]}({', '.join(t[1])})"),
        st.tuples(sub, NAMES).map(lambda t: f"{t[0]}.{t[1]}"),
        st.tuples(sub, st.sampled_from(["+", "*", "%", "and", "or", "==", "if x else"]), sub)
        .map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.lists(sub, max_size=3).map(lambda xs: f"[{', '.join(xs)}]"),
        st.tuples(sub, sub).map(lambda t: f"{{{t[0]}: {t[1]}}}"),
        sub.map(lambda e: f"(lambda v: {e})"),
        sub.map(lambda e: f"[v for v in {e}]"),
    )


EXPR = _expr(3)
STATEMENT = st.one_of(
    st.tuples(NAMES, EXPR).map(lambda t: f"{t[0]} = {t[1]}"),
    EXPR,
    NAMES.map(lambda n: f"import {n}"),
    st.tuples(NAMES, NAMES).map(lambda t: f"from {t[0]} import {t[1]} as {t[1]}"),
    st.tuples(NAMES, EXPR).map(lambda t: f"def {t[0]}(a, *b, **c):\n    return {t[1]}"),
    st.tuples(EXPR, EXPR).map(lambda t: f"if {t[0]}:\n    {t[1]}\nelse:\n    pass"),
    st.tuples(NAMES, EXPR).map(lambda t: f"class {t[0]}:\n    def __init__(self):\n        self.v = {t[1]}"),
    st.tuples(NAMES, EXPR).map(lambda t: f"for {t[0]} in {t[1]}:\n    continue"),
    EXPR.map(lambda e: f"with {e} as h:\n    h.write({e})"),
    EXPR.map(lambda e: f"try:\n    {e}\nexcept Exception:\n    raise"),
)
VALIDISH = st.lists(STATEMENT, min_size=1, max_size=8).map(lambda ss: "\n".join(ss) + "\n")
# Damage to a generated source: cut, spliced, or with bytes the tokenizer must meet.
MUTATION = st.sampled_from(["", "(", ")", ":", "\x00", "\t", "\r", "\x0c", "\ufeff", "\u202e", "\u200b", "\\", "'",
                            '"""', "\n    ", "# coding: utf-7\n", "# coding: latin-1\n", "lambda", "$"])


@st.composite
def python_sources(draw) -> bytes:
    text = draw(VALIDISH)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(MUTATION) + text[at + draw(st.integers(0, 3)):]
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.booleans()) and data:  # and now and then raw byte damage
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + draw(st.binary(min_size=1, max_size=3)) + data[at + 1:]
    return data


def cpython_compiles(data: bytes) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            compile(data, "<job>", "exec", dont_inherit=True)
        except (SyntaxError, ValueError, UnicodeDecodeError, MemoryError, RecursionError):
            return False
    return True


def analysed(name: str, data: bytes) -> tuple[str, dict]:
    content = from_bytes(name, data, POLICY.limits)
    report = api.analyze(content, POLICY)
    doc = report.to_json()
    doc.pop("target", None)
    return content.digest, doc


@SETTINGS
@given(python_sources())
def test_python_sources_never_raise_never_accept_unparsed_and_are_deterministic(data: bytes) -> None:
    digest, doc = analysed("train.py", data)
    if not cpython_compiles(data):
        assert doc["decision"] != Decision.ACCEPT.value, (data, doc["findings"])
    assert analysed("train.py", data) == (digest, doc)  # same bytes: same digest, same report
    json.dumps(doc)  # and the report always serialises


# -- random files of every kind --------------------------------------------------

FILE_NAMES = st.sampled_from(["train.py", "config_fed_client.json", "job.yaml", "app.conf", "nb.ipynb", "run.sh",
                              "model.pt", "weights.pkl", "lib.so", "data.csv", "archive.zip", "README", "x.toml",
                              "meta.json", "pkg/__init__.py"])
PREFIXES = st.sampled_from([b"", b"\x80\x04\x95", b"PK\x03\x04", b"\x7fELF", b"#!/bin/sh\n", b"{", b"[", b"a: &a [",
                            b'{"cells": [{"cell_type": "code", "source": ', b"include required(file(\"", b"\xef\xbb\xbf"])


@SETTINGS
@given(FILE_NAMES, PREFIXES, st.binary(max_size=400))
def test_random_files_never_raise_and_are_deterministic(name: str, prefix: bytes, body: bytes) -> None:
    data = prefix + body
    first = analysed(name, data)
    assert first == analysed(name, data)
    if name.endswith(".py") and not cpython_compiles(data):
        assert first[1]["decision"] != Decision.ACCEPT.value
