"""Session 58 (speed58a): the analysis' CPU on a large tree. Whether the job names pip's or wget's settings is a
search of every file's bytes, which every install line of every notebook and shell script asked again (NVFlare's
hello-world: three notebooks, 1.35 MB searched each time); it is searched once per unit now (Content.spells). Whether
a resolved name is a request (flow/names.py network_call) is kept per name: the flow asked it of every callee at
every evaluation. The verdicts are as before."""

from __future__ import annotations

import collections
import sys

import redteam_kit as kit
from analyzer.engine import match
from analyzer.engine.detectors import files
from analyzer.engine.flow import names
from analyzer.model import Decision
from test_rawfolders47 import TRAIN, notebook

SCRIPT = "#!/bin/bash\npip install fl-metrics\npip install -q torch==2.3.0\nwget -q https://x.example/d.csv -O d.csv\n"


def job(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Three shell scripts and two notebooks that install from the site's index, and a client."""
    return {"client.py": TRAIN, **{f"prep{i}.sh": SCRIPT + f"# part {i}\n" for i in range(3)},
            **{f"nb{i}.ipynb": notebook("!pip install fl-metrics", f"print({i})") for i in range(2)}, **(extra or {})}


class Counting:
    """A pattern that counts the texts it is asked to search (by their bytes: the job's files all differ)."""

    def __init__(self, pattern):
        self.pattern, self.searched = pattern, collections.Counter()

    def search(self, data: bytes):
        self.searched[data] += 1
        return self.pattern.search(data)


def test_a_unit_searches_each_file_once_for_pip_and_download_settings(tmp_path, in_process, monkeypatch):
    pip, download = Counting(files.PIP_SETTINGS), Counting(files.DOWNLOAD_SETTINGS)
    monkeypatch.setattr(files, "PIP_SETTINGS", pip)
    monkeypatch.setattr(files, "DOWNLOAD_SETTINGS", download)
    report = kit.scan_files(tmp_path, job())
    # every install line of the scripts and notebooks asked: 6 + 2 searches of each file on main
    assert pip.searched and max(pip.searched.values()) == 1, pip.searched
    assert sum(f.rule == "files.shell-package-install" for f in report.findings) == 6, kit.findings(report)
    assert sum(f.rule == "files.notebook-package-install" for f in report.findings) == 2, kit.findings(report)
    # the file names are searched as before; the bytes once
    assert max(n for data, n in download.searched.items() if data.endswith((b".sh", b".py", b".ipynb"))
               and b"\n" not in data) >= 3
    assert max(n for data, n in download.searched.items() if b"\n" in data) == 1, download.searched
    assert sum(f.rule == "files.shell-download" for f in report.findings) == 3, kit.findings(report)


def test_pip_settings_anywhere_in_the_unit_hold_for_every_install(tmp_path):
    report = kit.scan_files(tmp_path, job({"site.env": "PIP_INDEX_URL=https://pkgs.x.example/simple\n"}))
    kit.assert_held(report, "files.shell-network", Decision.REJECT)
    kit.assert_held(report, "files.notebook-shell-network")
    assert not kit.holds(report, "files.shell-package-install") and \
        not kit.holds(report, "files.notebook-package-install"), kit.findings(report)


def test_each_unit_searches_its_own_bytes(tmp_path, in_process):
    """The answer is the unit's: a unit that names pip's settings scanned first does not answer for the next."""
    named, plain = tmp_path / "named", tmp_path / "plain"
    named.mkdir(), plain.mkdir()
    first = kit.scan_files(named, job({"setup.sh": "export PIP_INDEX_URL=https://pkgs.x.example/simple\n"}))
    assert not kit.holds(first, "files.shell-package-install"), kit.findings(first)
    second = kit.scan_files(plain, job())
    kit.assert_held(second, "files.shell-package-install", Decision.ESCALATE)
    assert not kit.holds(second, "files.shell-network"), kit.findings(second)


def test_network_call_is_asked_once_per_name(tmp_path, in_process, monkeypatch):
    asked = collections.Counter()
    aliases = match.aliases

    def counted(name):
        if sys._getframe(1).f_code.co_name == "network_call":
            asked[name] += 1
        return aliases(name)

    getattr(names.network_call, "cache_clear", lambda: None)()  # what an earlier test asked is kept
    monkeypatch.setattr(match, "aliases", counted)
    body = "".join(f"    print('step', {i})\n    requests.post('https://x.example/m', json={{'i': {i}}})\n"
                   for i in range(5))
    report = kit.scan_files(tmp_path, {"client.py": TRAIN + "\nimport requests\n\ndef report():\n" + body + "\nreport()\n"})
    kit.assert_held(report, "network.")
    assert asked["builtins.print"] == 1 and asked["requests.post"] == 1, asked


def test_network_call_answers_as_the_rules_index():
    index = names._network_index()
    for name in ("requests.post", "requests.post()", "torch.hub.urlopen", "urllib.request.urlopen", "x.requests.get",
                 "builtins.print", "socket.socket.connect", "socket.create_connection", "", "requests"):
        want = any(index.lookup(a) for a in match.aliases(name))
        assert names.network_call(name) == want == names.network_call(name), name
