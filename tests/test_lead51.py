"""Session 51 (lead): the two roads past session 50's byte writers.

Session 50 left two attempts escalated that decode a pickle, write it and unpickle the file: `os.write` handed to
`functools.partial` and called through the partial, and `sys.stdout` pointed at the file before a plain `print`
(corpus/malicious/lead50_partial_os_write_roundtrip.py, lead50_stdout_swapped_roundtrip.py). A partial's call is
its function's, with the bound arguments first; a standard stream is a file where the module points it at one
(`sys.stdout = open(...)`, `contextlib.redirect_stdout`, `os.dup2`), and print with no `file=` writes to it.
A file's write method reached by other spellings (a name bound to it, getattr, a partial, methodcaller, map) was
found escalated while reviewing those two: it is the same write."""

from __future__ import annotations

import pytest

from analyzer.model import Decision
import redteam_kit as kit

K = 'K = "gASVAAAAAAAAAAB9lC4="\n'
LOAD = '    with open(p, "rb") as f:\n        return pickle.load(f)\n'


@pytest.mark.parametrize("source", [
    # os.write bound to the descriptor by functools.partial
    'import base64, functools, os, pickle\n' + K + 'def stage(p):\n    fd = os.open(p, os.O_WRONLY | os.O_CREAT)\n'
    '    put = functools.partial(os.write, fd)\n    put(base64.b64decode(K))\n' + LOAD,
    # the partial built at module level, called in a function: each argument read where it is spelled
    'import base64, functools, os, pickle, sys\n' + K + 'put = functools.partial(os.write, os.open(sys.argv[1], 1))\n'
    'def stage(p):\n    put(base64.b64decode(K))\n' + LOAD,
    # print bound to the file by keyword, the payload passed later
    'import base64, pickle\nfrom functools import partial\n' + K + 'def stage(p):\n'
    '    show = partial(print, file=open(p, "w"), end="")\n    show(base64.b64decode(K).decode("latin-1"))\n' + LOAD,
    # sys.stdout swapped for the file (a tuple assignment), then a plain print of the decoded text
    'import base64, pickle, sys\n' + K + 'def stage(p):\n'
    '    saved, sys.stdout = sys.stdout, open(p, "w")\n    print(base64.b64decode(K).decode("latin-1"), end="")\n'
    '    sys.stdout = saved\n' + LOAD,
    # the payload is print's second argument
    'import base64, pickle, sys\n' + K + 'def stage(p):\n    sys.stdout = open(p, "w")\n'
    '    print("", base64.b64decode(K).decode("latin-1"), sep="", end="")\n' + LOAD,
    # contextlib.redirect_stdout, and sys.stdout.write inside it
    'import base64, contextlib, pickle\n' + K + 'def stage(p):\n'
    '    with contextlib.redirect_stdout(open(p, "w")):\n        print(base64.b64decode(K).decode("latin-1"), end="")\n'
    + LOAD,
    # the file's descriptor duplicated onto standard output
    'import base64, os, pickle, sys\n' + K + 'def stage(p):\n    os.dup2(os.open(p, os.O_WRONLY | os.O_CREAT), 1)\n'
    '    sys.stdout.write(base64.b64decode(K).decode("latin-1"))\n' + LOAD,
    # a file's write method reached without spelling `f.write(...)`: a name bound to it, getattr, a partial of it,
    # methodcaller, map
    'import base64, pickle\n' + K + 'def stage(p):\n    f = open(p, "wb")\n    w = f.write\n'
    '    w(base64.b64decode(K))\n    f.close()\n' + LOAD,
    'import base64, pickle\n' + K + 'def stage(p):\n    f = open(p, "wb")\n'
    '    getattr(f, "write")(base64.b64decode(K))\n    f.close()\n' + LOAD,
    'import base64, functools, pickle\n' + K + 'def stage(p):\n    with open(p, "wb") as f:\n'
    '        functools.partial(f.write)(base64.b64decode(K))\n' + LOAD,
    'import base64, operator, pickle\n' + K + 'def stage(p):\n    f = open(p, "wb")\n'
    '    operator.methodcaller("write", base64.b64decode(K))(f)\n    f.close()\n' + LOAD,
    'import base64, pickle\n' + K + 'def stage(p):\n    f = open(p, "wb")\n'
    '    list(map(f.write, [base64.b64decode(K)]))\n    f.close()\n' + LOAD,
    'import base64, pathlib, pickle\n' + K + 'def stage(p):\n'
    '    pathlib.Path(p).write_bytes(data=base64.b64decode(K))\n' + LOAD,
])
def test_a_payload_through_a_partial_or_a_swapped_stream_and_loaded_back_rejects(source):
    report = kit.scan_text(source)
    assert kit.holds(report, "deserialization.untrusted-pickle"), kit.findings(report)
    assert report.decision is Decision.REJECT, kit.findings(report)


@pytest.mark.parametrize("sample", ["malicious/lead50_partial_os_write_roundtrip.py",
                                    "malicious/lead50_stdout_swapped_roundtrip.py"])
def test_session_50s_two_attempts_reject(sample):
    report = kit.scan_sample(sample)
    assert kit.holds(report, "deserialization.untrusted-pickle"), kit.findings(report)
    assert report.decision is Decision.REJECT, kit.findings(report)


@pytest.mark.parametrize("source", [
    # a log file as standard output, readable lines printed to it, a pickle from a path given at run time
    'import pickle, sys\ndef stage(p):\n    sys.stdout = open("train.log", "a")\n    print("epoch", 1, "loss", 0.5)\n'
    + LOAD,
    # a partial of print for flushed progress lines
    'import functools, pickle\nsay = functools.partial(print, flush=True)\ndef stage(p):\n    say("loading", p)\n'
    + LOAD,
    # os.write of a readable line through a partial to a log descriptor
    'import functools, os, pickle\ndef stage(p):\n    log = functools.partial(os.write, os.open("run.log", 1))\n'
    '    log(b"start\\n")\n' + LOAD,
    # a log file's write method under another name
    'import pickle\ndef stage(p):\n    note = open("run.log", "a").write\n    note("start\\n")\n' + LOAD,
])
def test_readable_lines_through_a_partial_or_a_swapped_stream_leave_a_local_pickle_a_capability(source):
    report = kit.scan_text(source)
    assert kit.holds(report, "deserialization.local-pickle"), kit.findings(report)
    assert not kit.holds(report, "deserialization.untrusted-pickle"), kit.findings(report)


@pytest.mark.parametrize("source, rule", [
    # a miner's name spelled with an escape, or split across two literals the parser joins
    ('import subprocess\nsubprocess.Popen(["/tmp/\\x78mrig", "--donate-level", "1"])\n', "subprocess.crypto-miner"),
    ('import subprocess\nsubprocess.Popen(["/tmp/xm" "rig"])\n', "subprocess.crypto-miner"),
    ('POOL = "stratum+tcp://" "pool.example:3333"\n', "network.mining-pool"),
    # dictConfig reached by names the source never spells
    ('import importlib\nm = importlib.import_module("logging.c\\x6fnfig")\n'
     'D = {"version": 1, "handlers": {"h": {"()": "os.system", "command": "id"}}}\ngetattr(m, "dictC\\x6fnfig")(D)\n',
     "config-attack.logging-dict-code"),
    # trust_remote_code as a folded key of a dict handed as keywords
    ('from transformers import AutoModel\nopts = {"trust_rem" + "ote_code": True}\n'
     'model = AutoModel.from_pretrained("org/model", **opts)\n', "remote-code.trust-remote-code"),
])
def test_threats_are_read_as_values_not_as_the_sources_text(source, rule):
    """The miner, dictConfig and trust_remote_code detectors searched the source's text first, so a name the text does not spell was
    never read (found by speed51 and in review); each is read as a value now."""
    assert kit.holds(kit.scan_text(source), rule)


@pytest.mark.parametrize("sample", ["malicious/lead51_transform_lambda_site_row.py",
                                    "malicious/lead51_transform_class_site_row.py",
                                    "malicious/lead51_collate_fn_site_row.py",
                                    "malicious/lead51_transform_kw_site_row.py",
                                    "malicious/lead51_transform_attr_site_row.py"])
def test_a_row_the_job_puts_in_every_item_of_a_source_is_held(sample):
    """A source's `transform=` / a loader's `collate_fn=` of the job's own code was not followed (found by nvflare51):
    what it returns besides the row it is handed is in every item, so the mean over the items is one patient's."""
    report = kit.scan_sample(sample)
    assert report.decision is not Decision.ACCEPT, kit.findings(report)
    assert kit.holds(report, "update-channel-leak.unknown-provenance") or \
        kit.holds(report, "update-channel-leak.raw-data-in-update"), kit.findings(report)


@pytest.mark.parametrize("sample", ["benign/near_lead51_transform_function.py", "benign/near_lead51_transform_class.py"])
def test_a_transform_of_the_job_computed_from_its_item_keeps_the_accept(sample):
    kit.assert_accepted(kit.scan_sample(sample))
