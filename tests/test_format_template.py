"""dynamic-code.format-template (analyzer/engine/detectors/dynamic.py): a str.format template the gate
cannot read reaches any object through the values it formats; red team 3's routes around it."""

from __future__ import annotations

import pytest

from analyzer import api
from analyzer.engine.collect import from_bytes

POLICY = api.load_policy()
RULE = "dynamic-code.format-template"


def rules(src: str) -> set[str]:
    return {f.rule for f in api.analyze(from_bytes("train.py", src.encode(), POLICY.limits), POLICY).findings}


READ = {
    "a template read and stripped (a method of a str is no library object)":
        "t = open('templates/report.txt').read().strip()\nprint(t.format(1))",
    "a literal on one branch, a file on the other":
        "import os\nT = 'round {0}'\nif os.path.exists('t.txt'):\n    T = open('t.txt').read()\nprint(T.format(1))",
    "str() of an argument": "import sys\nprint(str(sys.argv[1]).format(1))",
    "an f-string holding a read text": "t = open('t.txt').read()\nprint(f'x {t}'.format(1))",
    "a logging formatter in '{' style": "import logging\nlogging.Formatter(open('t.txt').read(), style='{')",
    "a '{' style given positionally": "import logging\nlogging.Formatter(open('t.txt').read(), None, '{')",
    "a style known only at run time": "import logging, sys\nlogging.Formatter(open('t.txt').read(), style=sys.argv[1])",
    "basicConfig in '{' style": "import logging\nlogging.basicConfig(format=open('t.txt').read(), style='{')",
    "the method bound to a name": "t = open('t.txt').read()\nfmt = t.format\nprint(fmt(1))",
    "the method by getattr": "t = open('t.txt').read()\nprint(getattr(t, 'format')(1))",
    "the method handed to map": "t = open('t.txt').read()\nprint(list(map(t.format_map, [{}])))",
}

WRITTEN = {
    "a literal": "print('{} of {}: {:.3f}'.format(1, 2, 0.5))",
    "a name bound to a literal": "TPL = 'round {r}'\nprint(TPL.format(r=3))",
    "a formatter formatting a record": "import logging\nlogging.Formatter('%(message)s').format(record)",
    "a '%' style formatter from a file (no attribute access)": "import logging\nlogging.Formatter(open('t.txt').read())",
    "a '{' style formatter written in the code": "import logging\nlogging.Formatter('{asctime} {message}', style='{')",
    "a literal's method handed on": "fmt = '{:.2f}'.format\nprint(fmt(1.0), list(map('{}'.format, [1])))",
    "an option called format, printed": (
        "import argparse\np = argparse.ArgumentParser()\np.add_argument('--format')\nprint(p.parse_args().format)"),
    "the job's own class": "class Report:\n    def format(self, x):\n        return x\nReport().format(3)",
}


@pytest.mark.parametrize("name", list(READ))
def test_a_template_the_gate_cannot_read_is_found(name: str) -> None:
    assert RULE in rules(READ[name]), name


@pytest.mark.parametrize("name", list(WRITTEN))
def test_a_template_written_in_the_code_is_not(name: str) -> None:
    assert RULE not in rules(WRITTEN[name]), name
