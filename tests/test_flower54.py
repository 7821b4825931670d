"""Session 54 (flower54): a method of the job's class run on what may also be the site's table.

The flow ran only the job's method when a call's receiver named one (`m.head()` of a parameter some call passes
a probe object for, `h.head()` of a name bound to one): what else the receiver may be (the site's table, whose
`head()` is its first rows) was dropped, so adding the probe to a job that sent the rows turned its reject into
an accept. Now such a receiver also hands back what any method of it may (calls.py, Roles.unsure_receiver),
unless it can only be an object of the job's classes (fields.only_constructed, field_only_constructed,
Passed.mixed)."""

from __future__ import annotations

import pytest

import redteam_kit as kit
from analyzer.model import Decision

CLIENT = '''\
import random

import flwr as fl
import numpy as np
import pandas as pd


class Probe:
    def head(self):
        return 0.0


class Other(Probe):
    def head(self):
        return 1.0


{setup}


class SiteClient(fl.client.NumPyClient):
    def get_parameters(self, config):
        return [np.zeros(3)]

    def fit(self, parameters, config):
        table = pd.read_csv("/data/site/patients.csv")
{body}
        return parameters, 1, {{"preview": str(out)}}

    def evaluate(self, parameters, config):
        return 0.0, 1, {{}}


fl.client.start_numpy_client(server_address="127.0.0.1:8080", client=SiteClient())
'''

SUMMARIZE = "def summarize(m):\n    return m.head()"


def _client(body: str, setup: str = "") -> str:
    return CLIENT.format(setup=setup, body="\n".join("        " + line for line in body.splitlines()))


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/flower54_*"))
def test_table_behind_a_probe_object_is_rejected(sample: str) -> None:
    kit.assert_held(kit.scan_sample(sample), "update-channel-leak.raw-data-in-update", Decision.REJECT)


def test_helper_objects_of_the_jobs_classes_stay_accepted() -> None:
    kit.assert_accepted(kit.scan_sample("benign/flower54_helper_objects.py"))


@pytest.mark.parametrize("setup,body", [
    # a parameter: one call passes the probe, another the table (also through a caller's own parameter)
    (SUMMARIZE, "summarize(Probe())\nout = summarize(table)"),
    (SUMMARIZE + "\n\n\ndef outer(t):\n    return summarize(t)", "summarize(Probe())\nout = outer(table)"),
    (SUMMARIZE + "\n\n\ndef outer(t):\n    t = pd.read_csv('/data/site/patients.csv')\n    return summarize(t)",
     "summarize(Probe())\nout = outer(Probe())"),
    (SUMMARIZE, "summarize(Probe())\nitems = [table]\nout = summarize(*items)"),
    ("def summarize(m: Probe):\n    return m.head()", "out = summarize(table)"),
    # a name: bound to the probe and to the table
    ("", "h = Probe() if random.random() > 2 else table\nout = h.head()"),
    ("", "h = Probe()\nif random.random() < 2:\n    h = [table][0]\nout = h.head()"),
    ("", "h = Probe()\nfor h in [table]:\n    pass\nout = h.head()"),
    ("", "h = Probe()\nh, _ = table, 1\nout = h.head()"),
    ("", "h = Probe()\nh = random.choice([h, table])\nout = h.head()"),
    # a field: stored a probe once and the table once
    ("", "self.h = Probe()\nself.h = table\nout = self.h.head()"),
    ("", "self.h = Probe()\nsetattr(self, 'h', table)\nout = self.h.head()"),
    # a construction that returns something else
    ("class Maker:\n    def __new__(cls):\n        return pd.read_csv('/data/site/patients.csv')\n\n"
     "    def head(self):\n        return 0.0", "out = Maker().head()"),
])
def test_receiver_that_may_be_the_table_is_rejected(setup: str, body: str) -> None:
    kit.assert_held(kit.scan_text(_client(body, setup)), "update-channel-leak.raw-data-in-update", Decision.REJECT)


@pytest.mark.parametrize("setup,body", [
    (SUMMARIZE, "out = summarize(Probe()) + summarize(Other())"),
    (SUMMARIZE + "\n\n\ndef outer(t):\n    return summarize(t)", "out = outer(Probe())"),
    ("", "h = Probe() if random.random() > 2 else Other()\nout = h.head()"),
    ("", "h = Probe()\nout = h.head()"),
    ("", "out = Probe().head()"),
    ("", "out = Probe.head(Other())"),
    ("", "self.h = Probe() if random.random() > 2 else Other()\nout = self.h.head()"),
])
def test_receiver_that_can_only_be_the_jobs_object_is_accepted(setup: str, body: str) -> None:
    kit.assert_accepted(kit.scan_text(_client(body, setup)))
