"""Red team 58c: site data leaving by files others read (docs/redteam58c-attempts.md).

Holes closed, each accepted (or escalated only as unvouched) on main:
- the machine's temporary folder by another spelling: `tempfile.gettempdir()`, `tempfile.tempdir`, `$TMPDIR`,
  read as a fresh private tempfile (`<tmp>`); they are the shared /tmp (file-exfiltration.data-to-shared-folder);
- what is above a fresh tempfile (`dirname(mkdtemp())`, `join(mkdtemp(), os.pardir, x)`, a TemporaryDirectory's
  parent): the shared /tmp too;
- a write method looked up by name (`getattr(open(p, "a"), "write")(rows)`) or held in a name
  (`w = open(p, "w").write; w(rows)`): the write of that handle's file.
"""

from __future__ import annotations

import pytest

import redteam_kit as kit
from analyzer.model import Decision
from conftest import CORPUS, run_cli

SAMPLES = kit.corpus_samples("malicious/redteam58c_*", "jobs/redteam58c_*")
TWINS = kit.corpus_samples("benign/near_redteam58c_*")
EXPECTED = {e["path"]: e["expect"] for e in kit.labelled("redteam58c_")}
SHARED = "file-exfiltration.data-to-shared-folder"

ROWS = "import json, os, tempfile\nfrom pathlib import Path\nimport pandas as pd\nimport nvflare.client as flare\n" \
       "df = pd.read_csv('/data/site/train.csv')\nrows = json.dumps(df.values.tolist())\n"
LOOP = "\nflare.init()\nwhile flare.is_running():\n    m = flare.receive()\n    flare.send(m)\n"


def _client(body: str) -> str:
    return ROWS + body + LOOP


def test_samples_are_labelled():
    assert set(SAMPLES) | set(TWINS) == set(EXPECTED)
    assert len(SAMPLES) == 13 and len(TWINS) == 5


@pytest.mark.parametrize("sample", SAMPLES)
def test_attack_is_held(sample):
    report = kit.scan_sample(sample)
    kit.assert_held(report, SHARED)
    assert report.decision.value in EXPECTED[sample], kit.findings(report)


# the mkdtemp() cache escalates since red team 60b (its folder outlives the job: tests/test_redteam60b.py)
@pytest.mark.parametrize("sample", [t for t in TWINS if EXPECTED[t] == ["accept"]])
def test_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


# The temporary folder itself, spelled as tempfile and the environment name it, with the site's rows at a fixed name.
SHARED_TMP = {
    "gettempdir_join": "open(os.path.join(tempfile.gettempdir(), 'r.json'), 'w').write(rows)",
    "gettempdir_path": "with open(Path(tempfile.gettempdir()) / 'r.json', 'w') as fh:\n    fh.write(rows)",
    "tempdir_attr": "tempfile.gettempdir()\nopen(os.path.join(tempfile.tempdir, 'r.json'), 'w').write(rows)",
    "gettempdirb": "open(os.path.join(tempfile.gettempdirb(), b'r.json'), 'w').write(rows)",
    "env_tmpdir": "open(os.path.join(os.environ['TMPDIR'], 'r.json'), 'w').write(rows)",
    "env_temp_get": "open(os.environ.get('TEMP', '/scratch') + '/r.json', 'w').write(rows)",
    "fstring": "open(f'{tempfile.gettempdir()}/r.json', 'w').write(rows)",
    "format": "open('{}/r.json'.format(tempfile.gettempdir()), 'w').write(rows)",
    "fixed_folder": "d = os.path.join(tempfile.gettempdir(), 'fl')\nos.makedirs(d, exist_ok=True)\n"
                    "df.to_parquet(os.path.join(d, 'r.parquet'))",
    # above a fresh tempfile: its folder is the shared one
    "mkdtemp_dirname": "df.to_csv(os.path.join(os.path.dirname(tempfile.mkdtemp()), 'r.csv'))",
    "mkdtemp_parent": "df.to_csv(Path(tempfile.mkdtemp()).parent / 'r.csv')",
    "mkdtemp_dotdot": "df.to_csv(os.path.join(tempfile.mkdtemp(), '..', 'r.csv'))",
    "mkdtemp_pardir": "df.to_csv(os.path.abspath(os.path.join(tempfile.mkdtemp(), os.pardir, 'r.csv')))",
    "tmpdir_object_parent": "t = tempfile.TemporaryDirectory()\ndf.to_csv(os.path.join(os.path.dirname(t.name), 'r.csv'))",
    "ntf_sibling": "f = tempfile.NamedTemporaryFile(suffix='.csv')\ndf.to_csv(Path(f.name).with_name('r.csv'))",
    # a write looked up by name, or held in a name
    "getattr_write": "getattr(open('/tmp/r.json', 'a'), 'write')(rows)",
    "getattr_write_gettempdir": "getattr(open(os.path.join(tempfile.gettempdir(), 'r.json'), 'a'), 'write')(rows)",
    "bound_write": "w = open('/tmp/r.json', 'w').write\nw(rows)",
    "getattr_writelines": "getattr(open('/tmp/r.txt', 'w'), 'writelines')(df.to_csv().splitlines(True))",
}


@pytest.mark.parametrize("body", SHARED_TMP.values(), ids=SHARED_TMP.keys())
def test_rows_in_the_shared_temporary_folder_are_held(body):
    kit.assert_held(kit.scan_text(_client(body)), SHARED)


# Honest twins: a fresh private tempfile (also made in gettempdir()), the model or a count at a fixed name there.
# (A mkdtemp() folder, which no one removes, holds the rows for the next job since red team 60b.)
PRIVATE_TMP = {
    "tmpdir_in_gettempdir": "with tempfile.TemporaryDirectory(dir=tempfile.gettempdir()) as d:\n"
                            "    df.to_csv(os.path.join(d, 'r.csv'))",
    "tmpdir_object": "t = tempfile.TemporaryDirectory()\ndf.to_csv(os.path.join(t.name, 'r.csv'))",
    "count_gettempdir": "open(os.path.join(tempfile.gettempdir(), 'n.txt'), 'w').write(str(len(df)))",
    "getattr_write_count": "getattr(open('/tmp/n.txt', 'a'), 'write')(str(len(df)))",
    "bound_write_count": "w = open(os.path.join(tempfile.gettempdir(), 'n.txt'), 'w').write\nw(str(len(df)))",
}


@pytest.mark.parametrize("body", PRIVATE_TMP.values(), ids=PRIVATE_TMP.keys())
def test_private_scratch_and_counts_stay_accepted(body):
    kit.assert_accepted(kit.scan_text(_client(body)))


@pytest.mark.parametrize("write", ["w = open('/tmp/r.json', 'w').write\nw(rows)",
                                   "getattr(open('/tmp/r.json', 'w'), 'write')(rows)"])
def test_a_held_write_is_seen_in_a_module_with_no_other_sink(write):
    """A script with no FL call and no other write: the flow's pre-check (flow/facts.py) takes the held write for the
    file sink it is, or the module is never analysed."""
    kit.assert_held(kit.scan_text(ROWS + write + "\n"), SHARED)


def test_every_binding_of_a_held_write_is_judged():
    """`w` first bound to a harmless file's write, then to a /tmp file's: the call may run either."""
    body = "w = open('outputs/n.bin', 'w').write\nw(str(len(df)))\nw = open('/tmp/r.json', 'w').write\nw(rows)"
    kit.assert_held(kit.scan_text(_client(body)), SHARED)


@pytest.mark.parametrize("program", ["os.environ['TMPDIR'] + '/k'", "tempfile.gettempdir() + '/k'",
                                     "os.environ.get('TEMP') + '/k'", "os.path.join(tempfile.gettempdir(), 'k')"])
def test_a_program_in_the_temporary_folder_still_rejects(program):
    """The temporary folder now folds to /tmp, not <tmp>: a program run from there is still a dropper's."""
    report = kit.scan_text(f"import os, tempfile\nos.execv({program}, ['k'])")
    kit.assert_held(report, "subprocess.temp-program", Decision.REJECT)


@pytest.mark.parametrize("path", ["os.path.join(tempfile.gettempdir(), 'log.ini')", "'/tmp/log.ini'"])
def test_logging_config_from_the_temporary_folder_is_unread_code(path):
    """fileConfig of a file in the shared temporary folder, which any process of the machine may have written (a
    fresh tempfile's was held already; the folder itself now folds to /tmp, and /tmp reads alike)."""
    report = kit.scan_text(f"import logging.config, tempfile, os\nlogging.config.fileConfig({path})")
    kit.assert_held(report, "dynamic-code.logging-file-config")


def test_cli_escalates_the_gettempdir_write():
    out = run_cli("scan", str(CORPUS / "malicious/redteam58c_gettempdir_join_csv.py"))
    assert out.returncode != 0 and SHARED in out.stdout, out.stdout + out.stderr
