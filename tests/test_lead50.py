"""Session 50 (lead): every writer handed a payload is a write the round-trip check reads.

Session 49's check (detectors/paths.py `_Origin.read_back`) knew a file object's write, Path.write_bytes and a
download; the decoded pickle written with shutil.copyfileobj and unpickled from the same path escalated
(corpus/malicious/lead49_copyfileobj_pickle_roundtrip.py). A readable literal written to a standard stream or to
another file made every load of a path known only at run time untrusted (`sys.stdout.write("loading")` beside
`pickle.load(open(path))` rejected): a plain literal is the file read only by the same path now."""

from __future__ import annotations

import pytest

from analyzer.model import Decision
import redteam_kit as kit

K = 'K = "gASVAAAAAAAAAAB9lC4="\n'


@pytest.mark.parametrize("source", [
    # shutil.copyfileobj from a BytesIO of the decoded constant into the file then unpickled
    'import base64, io, pickle, shutil, sys\n' + K + 'with open(sys.argv[1], "wb") as f:\n'
    '    shutil.copyfileobj(io.BytesIO(base64.b64decode(K)), f)\nstate = pickle.load(open(sys.argv[1], "rb"))\n',
    # os.write to a descriptor from os.open, joblib.load of the same path
    'import base64, joblib, os\n' + K + 'def stage(p):\n    fd = os.open(p, os.O_WRONLY | os.O_CREAT)\n'
    '    os.write(fd, base64.b64decode(K))\n    os.close(fd)\n    return joblib.load(p)\n',
    # os.writev of a list holding the payload, through os.fdopen's file
    'import base64, os, pickle\n' + K + 'def stage(p):\n    fd = os.open(p, os.O_WRONLY | os.O_CREAT)\n'
    '    os.writev(fd, [base64.b64decode(K)])\n    return pickle.load(os.fdopen(os.open(p, os.O_RDONLY), "rb"))\n',
    # print(..., file=f) of the decoded text (a protocol-0 pickle is text)
    'import base64, pickle\n' + K + 'def stage(p):\n    with open(p, "w") as f:\n'
    '        print(base64.b64decode(K).decode("latin-1"), file=f, end="")\n    return pickle.load(open(p, "rb"))\n',
    # the resolver decodes the constant itself: a decoded constant is no readable literal, whatever path reads it
    'import base64, pickle, sys\n' + K + 'def stage(p):\n'
    '    print(base64.b64decode(K).decode("latin-1"), file=open(sys.argv[1], "w"), end="")\n'
    '    return pickle.load(open(p, "rb"))\n',
])
def test_a_payload_handed_to_any_writer_and_loaded_back_rejects(source):
    report = kit.scan_text(source)
    assert kit.holds(report, "deserialization.untrusted-pickle"), kit.findings(report)
    assert report.decision is Decision.REJECT, kit.findings(report)


def test_the_corpus_copyfileobj_round_trip_rejects():
    report = kit.scan_sample("malicious/lead49_copyfileobj_pickle_roundtrip.py")
    assert report.decision is Decision.REJECT, kit.findings(report)


@pytest.mark.parametrize("source", [
    'import pickle, sys\ndef load(path):\n    sys.stdout.write("loading\\n")\n'
    '    with open(path, "rb") as f:\n        return pickle.load(f)\n',
    'import pickle, sys\ndef load(path):\n    print("loading", file=sys.stderr)\n'
    '    with open(path, "rb") as f:\n        return pickle.load(f)\n',
    # a header line written to a named file, a pickle from a path given at run time
    'import pickle\ndef load(path):\n    with open("log.csv", "w") as log:\n        log.write("epoch,loss\\n")\n'
    '    with open(path, "rb") as f:\n        return pickle.load(f)\n',
])
def test_a_readable_line_written_elsewhere_leaves_a_local_pickle_a_capability(source):
    report = kit.scan_text(source)
    assert kit.holds(report, "deserialization.local-pickle"), kit.findings(report)
    assert not kit.holds(report, "deserialization.untrusted-pickle"), kit.findings(report)
    assert report.decision is Decision.ESCALATE, kit.findings(report)


def test_a_readable_pickle_literal_written_and_read_by_the_same_path_still_rejects():
    report = kit.scan_text('import pickle\nP = "cos\\nsystem\\n(S\'id\'\\ntR."\n'
                           'def go(path):\n    open(path, "w").write(P)\n    return pickle.load(open(path, "rb"))\n')
    assert kit.holds(report, "deserialization.untrusted-pickle"), kit.findings(report)
    assert report.decision is Decision.REJECT, kit.findings(report)
