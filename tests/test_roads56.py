"""Session 56 (roads56): a getattr not called on the spot reaches an attribute read as a value (`e =
getattr(__builtins__, "eval")` is the builtin eval handed on). The resolver had recorded such lookups by the
callee's spelling, so an alias of getattr (`b = getattr`, `g = builtins.getattr`, a parameter default, a tuple
unpack: apiiro's indirect-eval / indirect-exec 08) reached eval with no rule seeing it: escalated on main (only the
alias itself, unvouched). Now the lookup is found by what the callee resolves to. Each attack beside a twin whose
callee is the job's own function, which stays accepted.

A threat pattern read a path joined under a folder the gate cannot know (`os.path.join(d, "x.exe")`,
`Path(d) / "x.exe"`) as no text, so remote-code.windows-program-write missed the program written there; the sketch
now reads a join as the path fold does (`?/x.exe`)."""

from __future__ import annotations

import pytest

import redteam_kit as kit
from analyzer.model import Decision

EVAL = "dynamic-code.eval-exec"

ALIASES = {
    "name": 'b = getattr\ne = b(__builtins__, "eval")\n',
    "module_attribute": 'import builtins\ng = builtins.getattr\ne = g(builtins, "exec")\n',
    "parameter_default": 'def hook(g=getattr):\n    return g(__builtins__, "eval")\n',
    "tuple_unpack": 'g, n = getattr, 1\ne = g(__builtins__, "exec")\n',
    "reached_by_getattr": 'import builtins\nf = getattr(builtins, "getattr")\ne = f(builtins, "eval")\n',
}


@pytest.mark.parametrize("road", sorted(ALIASES))
def test_aliased_getattr_reaching_eval_is_rejected(tmp_path, road):
    kit.assert_held(kit.scan_source(tmp_path, ALIASES[road]), EVAL, Decision.REJECT)


# The same roads to the job's own two-argument function: no name decides, only what the callee is.
OWN = "def pick(obj, name):\n    return {'eval': 1, 'exec': 2}.get(name)\n\n\n"
TWINS = {
    "name": OWN + 'b = pick\ne = b(None, "eval")\n',
    "module_attribute": 'class Hooks:\n    @staticmethod\n    def pick(obj, name):\n        return name\n\n\n'
                        'g = Hooks.pick\ne = g(None, "exec")\n',
    "parameter_default": OWN + 'def hook(g=pick):\n    return g(None, "eval")\n',
    "tuple_unpack": OWN + 'g, n = pick, 1\ne = g(None, "exec")\n',
    "reached_by_getattr": 'import math\n' + OWN + 'f = getattr(math, "floor")\ne = f(2.5)\n',
}


@pytest.mark.parametrize("road", sorted(TWINS))
def test_the_job_s_own_function_by_the_same_road_stays_accepted(tmp_path, road):
    kit.assert_accepted(kit.scan_source(tmp_path, TWINS[road]))


WINDOWS = "remote-code.windows-program-write"
FOLDER = "import os, tempfile\nfrom pathlib import Path\nd = tempfile.gettempdir()\n"
JOINS = {
    "os_path_join": 'open(os.path.join(d, "x.exe"), "wb").write(b"MZ")\n',
    "path_divide": 'open(Path(d) / "run.bat", "w").write("@echo off")\n',
    "nested_join": 'open(os.path.join(d, "bin", "tool.dll"), "wb").write(b"MZ")\n',
}


@pytest.mark.parametrize("road", sorted(JOINS))
def test_windows_program_written_under_an_unknown_folder_is_rejected(tmp_path, road):
    kit.assert_held(kit.scan_source(tmp_path, FOLDER + JOINS[road]), WINDOWS, Decision.REJECT)


@pytest.mark.parametrize("road", sorted(JOINS))
def test_data_file_written_by_the_same_join_stays_accepted(tmp_path, road):
    twin = JOINS[road].replace('.exe"', '.exe.json"').replace('.bat"', '.csv"').replace('.dll"', '.dll.npy"')
    kit.assert_accepted(kit.scan_source(tmp_path, FOLDER + twin))


ATTACKS = {"malicious/roads56_aliased_getattr_eval.py": EVAL, "malicious/roads56_join_exe_write.py": WINDOWS}


def test_every_corpus_attack_has_its_rule():
    assert sorted(ATTACKS) == kit.corpus_samples("malicious/roads56_*")


@pytest.mark.parametrize("sample", sorted(ATTACKS))
def test_corpus_attack_is_rejected(sample):
    kit.assert_held(kit.scan_sample(sample), ATTACKS[sample], Decision.REJECT)


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_roads56_*"))
def test_corpus_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))
