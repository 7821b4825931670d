"""What the program keeps of each module's parse while a unit is analysed: the libcst tree for the names that
lead into it, and CPython's tree (positions) only until the module's own analysis is done with it."""

from __future__ import annotations

from analyzer.engine.analysis import linked_program, python_findings
from analyzer.engine.rules import load_rules
from analyzer.policy import load_policy

HELPER = b"import os\n\n\ndef run(cmd):\n    return os.system(cmd)\n"
MAIN = b"import helper\n\nhelper.run('ls')\neval(input())\n"


def _rows(findings) -> list[tuple]:
    return sorted((f.rule, f.line, f.column, f.message) for f in findings)


def test_cpython_tree_is_let_go_once_the_module_is_analysed_and_positions_stay() -> None:
    policy = load_policy()
    rules = load_rules(policy)
    sources = {"main.py": MAIN, "helper.py": HELPER}
    program = linked_program(sources, rules, policy)
    main = python_findings("main.py", MAIN, rules, policy, program=program)
    # main's names led into helper: helper is kept whole (its own analysis has not run yet)
    assert program.parsed["helper.py"][1].tree is not None
    assert program.parsed["main.py"][1].module is not None and program.parsed["main.py"][1].tree is None
    helper = python_findings("helper.py", HELPER, rules, policy, program=program)
    assert program.parsed["helper.py"][1].tree is None
    # a second analysis of a module whose CPython tree is gone places its findings alike
    again = python_findings("helper.py", HELPER, rules, policy, program=program)
    program.close()
    assert helper and _rows(again) == _rows(helper)
    fresh = linked_program(sources, rules, policy)
    assert _rows(main) == _rows(python_findings("main.py", MAIN, rules, policy, program=fresh))
    assert 4 in {f.line for f in main}  # eval(input())
