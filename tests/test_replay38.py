"""A config's replay of its command line through the job's scripts skips a module only when the module's own
analysis read no option the command line gives a value (detectors/configs.py `_replayed`, paths.OptionReads).

Each attack passes the option another way argparse reads it, or reaches the writer by another road; each must
still give the write the replay finds (or at least escalate), and the honest twins stay accepted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer import api
from analyzer.engine import analysis
from analyzer.engine.collect import collect
from analyzer.engine.detectors.paths import OptionReads
from analyzer.model import Decision

POLICY = api.load_policy()
SHARE = "/gpfs/projects/shared/www"

# A client script whose default export folder is the job's own; the config decides where the rows go.
TRAIN = """\
import argparse
import pandas as pd
import nvflare.client as flare

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=2)
parser.add_argument("-o", "--export_dir", default="./exports")
args = parser.parse_args()

flare.init()
rows = pd.read_csv("/data/site/train.csv")
while flare.is_running():
    model = flare.receive()
    flare.send(flare.FLModel(params=model.params, metrics={"n": len(rows)}))
rows.describe().to_csv(args.export_dir + "/summary.csv")
"""


def scan(root: Path, config: dict, files: dict[str, str], vouch: bool = True):
    (root / "app" / "config").mkdir(parents=True)
    (root / "app" / "config" / "config_fed_client.json").write_text(json.dumps(config))
    for rel, text in files.items():
        (root / "app" / "custom" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "app" / "custom" / rel).write_text(text)
    (root / "meta.json").write_text(json.dumps({"name": "j", "deploy_map": {"app": ["@ALL"]}}))
    return api.analyze(collect(root, POLICY.limits), POLICY, vouch=vouch)


def script_config(arguments: str, **top) -> dict:
    return {"format_version": 2, "app_script": "train.py", "app_config": arguments, "executors": [], **top}


def replayed_writes(report, path: str = "app/custom/train.py") -> list:
    return [f for f in report.findings if f.path == path and "config_fed_client.json" in f.message
            and f.rule.startswith("file-exfiltration.")]


@pytest.mark.parametrize("config", [
    script_config(f"--epochs 3 -o {SHARE}"),  # a short option the script declares
    script_config(f"-o{SHARE}"),  # glued to its value
    script_config(f"--export_dir={SHARE}"),
    script_config(f"--export {SHARE}"),  # a prefix of the long option, as argparse takes it
    script_config("--epochs 3 --export_dir {share}", share=SHARE),  # NVFlare's {name} substitution
    script_config("", task_script_path="train.py", task_script_args=f"--export_dir {SHARE}"),
    {"format_version": 2, "executors": [{"tasks": ["train"], "executor": {
        "path": "nvflare.app_common.executors.client_api_executor.ClientAPIExecutor",
        "args": {"command": f"python3 -u custom/train.py --export_dir {SHARE}"}}}]},
], ids=["short", "glued", "equals", "prefix", "substitution", "script-args", "command"])
def test_an_option_reaching_the_writer_is_replayed(tmp_path: Path, config: dict) -> None:
    report = scan(tmp_path, config, {"train.py": TRAIN})
    assert any(f.rule == "file-exfiltration.write-network" for f in replayed_writes(report)), report.findings
    assert report.decision is Decision.REJECT


# The parser is built in another module and read here: the reading module declares no option, so argparse's
# reading of the words is the spelled name (`--export_dir` -> export_dir), which it reads.
OPTIONS = """\
import argparse


def get_parser():
    parser = argparse.ArgumentParser()
    parser.add_argument("-o", "--export_dir", default="./exports")
    return parser
"""
READER = TRAIN.replace("import argparse\n", "from options import get_parser\n").replace(
    'parser = argparse.ArgumentParser()\nparser.add_argument("--epochs", type=int, default=2)\n'
    'parser.add_argument("-o", "--export_dir", default="./exports")\nargs = parser.parse_args()\n',
    "args = get_parser().parse_args()\n")
USAGE = '"""Usage: python3 train.py [--export_dir DIR]"""\n'


@pytest.mark.parametrize("reader, arguments", [(READER, f"--export_dir {SHARE}"), (READER, f"-o {SHARE}"),
                                               (USAGE + READER, f"--export_dir {SHARE}")])
def test_a_parser_of_another_module_is_not_accepted(tmp_path: Path, reader: str, arguments: str) -> None:
    assert "add_argument" not in reader
    report = scan(tmp_path, script_config(arguments), {"train.py": reader, "options.py": OPTIONS})
    assert report.decision is not Decision.ACCEPT, report.findings
    if reader.startswith(USAGE):  # the reader names the option: replayed, argparse's reading is its spelling
        assert any(f.rule == "file-exfiltration.write-network" for f in replayed_writes(report)), report.findings


def test_a_module_analysed_apart_is_replayed(tmp_path: Path) -> None:
    """An analysis in a limited child reports nothing of what it read: the module is replayed."""
    report = scan(tmp_path, script_config(f"--export_dir {SHARE}"), {"train.py": TRAIN}, vouch=False)
    assert any(f.rule == "file-exfiltration.write-network" for f in replayed_writes(report)), report.findings


def test_a_component_replay_still_finds_the_copy_out(tmp_path: Path) -> None:
    exporter = ("import shutil\n\n\nclass Exporter:\n    def __init__(self, src='/data/site', dst='./exports'):\n"
                "        shutil.copytree(src, dst)\n")
    config = {"format_version": 2, "executors": [], "components": [
        {"id": "export", "path": "exporter.Exporter", "args": {"dst": SHARE}}]}
    report = scan(tmp_path, config, {"exporter.py": exporter})
    assert replayed_writes(report, "app/custom/exporter.py"), report.findings
    assert report.decision is Decision.REJECT


def replays(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths analysed again with a command line appended."""
    seen: list[str] = []
    plain = analysis.python_findings

    def counting(path: str, data: bytes, *args, **kwargs):
        if b"_jobgate_argparse" in data:
            seen.append(path)
        return plain(path, data, *args, **kwargs)

    monkeypatch.setattr(analysis, "python_findings", counting)
    return seen


@pytest.mark.parametrize("arguments, replayed", [("--epochs 3", []), ("--export_dir ./exports", ["app/custom/train.py"])])
def test_a_command_line_giving_no_option_the_script_reads_is_not_replayed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_process, arguments: str, replayed: list[str]) -> None:
    """`--epochs` reaches no write: the script is not analysed again; `--export_dir` does."""
    seen = replays(monkeypatch)
    report = scan(tmp_path, script_config(arguments), {"train.py": TRAIN})
    assert report.decision is Decision.ACCEPT, report.findings
    assert seen == replayed


def test_given_by_reads_the_words_as_argparse_does() -> None:
    reads = OptionReads({"export_dir"}, {"-o": {"export_dir"}, "--export_dir": {"export_dir"}}, analysed=True)
    for argv in (["-o", "x"], ["-ox"], ["--export_dir=x"], ["--exp", "x"], ["--epochs", "2", "--export_dir", "x"]):
        assert reads.given_by(argv), argv
    for argv in (["--epochs", "2"], ["x", "-e", "2"], ["-p", "x"]):
        assert not reads.given_by(argv), argv
    undeclared = OptionReads({"export_dir"}, {}, analysed=True)  # a parser of another module
    assert undeclared.given_by(["--export-dir", "x"]) and not undeclared.given_by(["-o", "x"])
