"""Program.defining finds a module by the text of its class statement: `class`, not inside a longer word,
then the name, not the start of a longer one. Its pattern starts with the literal `class` (searched for it)
and asserts what precedes it afterwards; these cases pin that it finds what it found when the assertion came
first."""

from __future__ import annotations

import pytest

from analyzer import api


def _defining(sources: dict[str, bytes], qname: str = "<class>.Net") -> list[str]:
    from analyzer.engine import analysis

    policy = api.load_policy()
    program = analysis.linked_program(sources, api.load_rules(policy), policy)
    try:
        return [r.path for r in program.defining(qname, "use.py")]
    finally:
        program.close()


@pytest.mark.parametrize("text", [
    b"class Net:\n    pass\n",  # at the start of the text
    b"x = 1\nclass Net(object):\n    pass\n",
    b"if True:\n\tclass\tNet:\n\t\tpass\n",  # tabs
    b"class \\\n    Net:\n    pass\n",  # a backslash continuation
])
def test_a_class_statement_is_found(text: bytes) -> None:
    assert _defining({"net.py": text, "use.py": b"x = 1\n"}) == ["net.py"]


@pytest.mark.parametrize("text", [
    b"subclass Net = 1\n",  # `class` inside a longer word
    b"_class Net = 1\n",
    b"\xc3\xa9class Net = 1\n",  # after a non-ASCII letter (UTF-8 bytes)
    b"class Network:\n    pass\nNet = 3\n",  # the name is the start of a longer one
    b"classNet = 1\n",  # no space between
])
def test_text_that_is_no_class_statement_of_the_name_is_not(text: bytes) -> None:
    assert _defining({"net.py": text, "use.py": b"x = 1\n"}) == []
