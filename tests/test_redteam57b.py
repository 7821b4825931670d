"""Red team 57b: roads to a dangerous function, and code run from text the gate does not parse as Python
(docs/redteam57b-attempts.md).

Holes closed:
- pandas' string dispatch on a receiver the gate cannot type: `def cohort(frame, op, expr): return
  frame.apply(op, args=(expr,))` with op "query" from the server runs frame.query(expr), and
  `@inspect.os.system(...)` in the expression runs a shell. Accepted on main (an unfolded function argument held as
  data on any receiver but a typed frame); now only as the call's one argument (`scaler.transform(X)`).
- a small helper's result read at its call: `resolve = lambda o, a: getattr(o, a)` then `resolve(builtins, "exec")`
  (session 56's corpus/malicious/lead56_getattr_via_lambda.py) reached nothing on main and escalated; it rejects.
- the docstring examples of a job that imports doctest (testmod runs them) are analysed as code: a reject-class
  example escalated on main (dynamic-code.doctest only).
"""

from __future__ import annotations

import subprocess

import pytest

import redteam_kit as kit
from analyzer.model import Decision

SAMPLES = kit.corpus_samples("malicious/redteam57b_*", "jobs/redteam57b_*")
TWINS = kit.corpus_samples("benign/near_redteam57b_*", "jobs/near_redteam57b_*")
EXPECTED = {e["path"]: e["expect"] for e in kit.labelled("redteam57b_")}


def test_samples_are_labelled():
    assert set(SAMPLES) | set(TWINS) == set(EXPECTED)
    assert len(SAMPLES) == 12 and len(TWINS) == 8


@pytest.mark.parametrize("sample", SAMPLES)
def test_attack_is_held(sample):
    report = kit.scan_sample(sample)
    kit.assert_held(report)
    assert report.decision.value in EXPECTED[sample], kit.findings(report)


@pytest.mark.parametrize("sample", TWINS)
def test_near_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


def test_session_56_lambda_lookup_rejects():
    kit.assert_held(kit.scan_sample("malicious/lead56_getattr_via_lambda.py"), rule="dynamic-code.eval-exec",
                    decision=Decision.REJECT)


# ---- pandas' string dispatch on a receiver the gate cannot type ----------------------------------------------------

DISPATCH = """import pandas as pd
import nvflare.client as flare

{helper}

df = pd.read_csv("/data/site/train.csv")
flare.init()
while flare.is_running():
    model = flare.receive()
    rows = {call}
    flare.send(flare.FLModel(params=model.params))
"""
OP, EXPR = 'model.meta.get("op", "query")', 'model.meta.get("expr", "age > 0")'


@pytest.mark.parametrize("helper, call", [
    ("def pick(frame, op, expr):\n    return frame.apply(op, args=(expr,))", f"pick(df, {OP}, {EXPR})"),
    ("def pick(frame, op, expr):\n    return frame.transform(op, expr)", f"pick(df, {OP}, {EXPR})"),
    ("def pick(frame, op, **kw):\n    return frame.apply(op, **kw)", f"pick(df, {OP}, args=({EXPR},))"),
    ("pick = lambda frame, op, expr: frame[['age']].apply(op, args=(expr,))", f"pick(df, {OP}, {EXPR})"),
    ("class Rows:\n    def __init__(self, frame, op):\n        self.frame, self.op = frame, op\n"
     "    def pick(self, expr):\n        return self.frame.transform(self.op, expr)", f"Rows(df, {OP}).pick({EXPR})"),
])
def test_unfolded_method_name_on_an_untyped_receiver_is_held(helper, call):
    report = kit.scan_text(DISPATCH.format(helper=helper, call=call))
    kit.assert_held(report, rule="unvouched.")


@pytest.mark.parametrize("helper, call", [
    ("def pick(frame, cols):\n    return frame[cols].apply(lambda r: r - r.mean(), axis=1)", "pick(df, ['age'])"),
    ("def pick(frame):\n    return frame.transform('cumsum')", "pick(df)"),
    ("def pick(scaler, table):\n    return scaler.transform(table)", "pick(df, df.to_numpy())"),
    ("def pick(net, init):\n    return net.apply(init)", "pick(df, len)"),
])
def test_function_or_data_argument_on_an_untyped_receiver_stays_accepted(helper, call):
    kit.assert_accepted(kit.scan_text(DISPATCH.format(helper=helper, call=call)))


@pytest.mark.skipif(not kit.FL_PYTHON.exists(), reason="needs a Python with pandas")
def test_the_dispatch_runs_a_command(tmp_path):
    """The premise: DataFrame.apply("query", args=(expr,)) evaluates expr, and `@inspect` there is pandas' own
    module global (pandas/core/apply.py), whose os runs a command."""
    marker = tmp_path / "ran"
    script = ("import pandas as pd\n"
              "def pick(frame, op, expr):\n    return frame.apply(op, args=(expr,))\n"
              f"pick(pd.DataFrame({{'age': [1, 2]}}), 'query', '@inspect.os.system(\"touch {marker}\") == 0 or age > 0')\n")
    subprocess.run([str(kit.FL_PYTHON), "-c", script], check=True, capture_output=True, timeout=120)
    assert marker.exists()


# ---- a small helper's result at its call -------------------------------------------------------------------------

ROAD = """import builtins
import os
import nvflare.client as flare

{helper}
hook = {bind}

flare.init()
while flare.is_running():
    model = flare.receive()
    hook(model.meta.get("text", ""))
    flare.send(flare.FLModel(params=model.params))
"""


@pytest.mark.parametrize("helper, bind, rule", [
    ("fetch = lambda o, n: getattr(o, n)", 'fetch(builtins, "ev" + "al")', "dynamic-code.eval-exec"),
    ("def fetch(o, n):\n    return getattr(o, n)", 'fetch(os, "system")', "subprocess.shell"),
    ('def fetch(o, n):\n    """A plug-in."""\n    return getattr(o, n)', 'fetch(n="exec", o=builtins)',
     "dynamic-code.eval-exec"),
    ("def fetch(n): return builtins.__dict__[n]", 'fetch("exec")', "dynamic-code.eval-exec"),
])
def test_helper_returning_a_lookup_rejects(helper, bind, rule):
    kit.assert_held(kit.scan_text(ROAD.format(helper=helper, bind=bind)), rule=rule, decision=Decision.REJECT)


def test_helper_lookup_only_bound_for_another_module_rejects(tmp_path):
    report = kit.scan_files(tmp_path, {
        "hooks.py": "import builtins\nfetch = lambda o, n: getattr(o, n)\nrun = fetch(builtins, 'exec')\n",
        "client.py": "import hooks\nimport nvflare.client as flare\nflare.init()\n",
    })
    kit.assert_held(report, rule="dynamic-code.eval-exec", decision=Decision.REJECT)


# ---- doctest examples in the job's own docstrings ------------------------------------------------------------------

DOCTESTED = '''{imports}
import nvflare.client as flare


def mean(xs):
    """The mean.

    >>> {example}
    >>> mean([1.0, 3.0])
    2.0
    """
    return sum(xs) / len(xs)


{run}
flare.init()
'''


def test_docstring_example_of_a_doctest_job_is_code():
    source = DOCTESTED.format(imports="import doctest", example='__import__("shutil").rmtree("/data/site")',
                              run="doctest.testmod()")
    kit.assert_held(kit.scan_text(source), rule="file-exfiltration.wipe", decision=Decision.REJECT)


def test_docstring_example_without_doctest_import_stays_prose():
    """Only a job that imports doctest runs its docstrings: one whose prose names doctest reads them as strings."""
    source = DOCTESTED.format(imports='"""Examples in the doctest format."""', example="sorted([2, 1])", run="")
    kit.assert_accepted(kit.scan_text(source))
