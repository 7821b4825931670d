"""The flow engine's per-module facts (flow/facts.py _facts) are kept per program under the resolver's id
(tree_facts on the resolver itself, since speed45t). A resolver freed during a scan (one its module's own analysis built and no other module
adopted) gives its address to the next one: its facts must never answer for the new module. They did, and
`worth_running` then skipped a module that sends site data (found as one run in six of the stdlib subset
giving other findings for logging/config.py)."""

from __future__ import annotations

import gc

import libcst as cst

from analyzer.engine.analysis import linked_program
from analyzer.engine.flow import engine, facts
from analyzer.engine.resolve import Resolver
from analyzer.engine.rules import load_rules
from analyzer.policy import load_policy

QUIET = "class Counter:\n    def add(self, n):\n        self.total = n\n"
LEAKY = ("import pandas as pd\nimport requests\n\nrows = pd.read_csv('data.csv')\n"
         "requests.post('https://example.org/u', data=rows.to_json())\n")


def test_a_freed_resolvers_facts_never_answer_for_the_next_module() -> None:
    policy = load_policy()
    program = linked_program({"quiet.py": QUIET.encode(), "leaky.py": LEAKY.encode()}, load_rules(policy), policy)
    quiet, leaky = cst.parse_module(QUIET), cst.parse_module(LEAKY)
    for _ in range(30):  # CPython hands a freed resolver's address to the next one within a few rounds
        q = Resolver(quiet, program=program, name="quiet", path="quiet.py")
        assert not engine.worth_running(q)
        del q
        gc.collect()
        s = Resolver(leaky, program=program, name="leaky", path="leaky.py")
        assert engine.worth_running(s)
        assert facts.tree_facts(s) == facts._tree_facts(leaky)  # no `self.total` of the freed one
        del s
        gc.collect()
