"""Red team 41a: an adversary who read the source, outside the update channel.

Attempts (scanned on main 84be299 with the default policy; every decision is in the session's report): reaching
a dangerous function by another road (getattr with built names, interpreter internals, module attributes,
annotations read back, format strings, dunder hooks, class hierarchies), channels and writes the lists do not
name, code from text and configuration. Nearly all escalate or reject. Accepted there: format templates that
fold from pieces (logging's '{' style, str.format, a Formatter subclass); getattr of a job function by a name
folded from pieces or read at run time (its module globals, their builtins, exec); a method of a value the gate
cannot type read by getattr or bound to a name before it is called; a module used as an annotation, handed
back by typing.get_type_hints.
"""

from __future__ import annotations

import pytest

import redteam_kit as kit


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/rt41a_*"))
def test_attack_is_held(sample):
    kit.assert_held(kit.scan_sample(sample))


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_rt41a_*"))
def test_near_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


def test_labels_cover_samples():
    labelled = {e["path"] for e in kit.labelled("rt41a_")}
    assert labelled == set(kit.corpus_samples("malicious/rt41a_*", "benign/near_rt41a_*"))
