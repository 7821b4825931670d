"""Red team 24: attacks on what the capability catalogue vouches for and on the resolver (tempfile's scratch
markers, members handed on as values, pandas' plotting backend, OmegaConf's env interpolation). Each attack here
was accepted before its fix; the legitimate idiom nearest to each stays accepted. Samples: corpus/*/rt24_*."""

from __future__ import annotations

from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.model import Decision


def _scan(tmp_path: Path, code: str) -> tuple[Decision, list[tuple[str, str]]]:
    report = kit.scan_source(tmp_path, code)
    return report.decision, kit.findings(report)


# tempfile's makers were read as private scratch (`<tmp>`) unless dir= was given by keyword: a prefix or suffix
# is joined after dir as os.path.join joins it, and dir may come by position. to_parquet writes natively, where
# the process guard does not see it, so the destination must be proven.
WRITE = "import os, tempfile\nimport pandas as pd\nd = MAKER\npd.read_csv('data/a.csv').to_parquet(os.path.join(d, 'x.parquet'))\n"


@pytest.mark.parametrize("maker, decision", [
    ("tempfile.mkdtemp(prefix='/mnt/share/s_')", Decision.REJECT),
    ("tempfile.mkdtemp(prefix='../../mnt/share/s_')", Decision.ESCALATE),
    ("tempfile.mkdtemp(suffix='/../../mnt/share')", Decision.ESCALATE),
    ("tempfile.mkdtemp('', 's_', '/mnt/share')", Decision.REJECT),
    ("tempfile.TemporaryDirectory(None, '/mnt/share/s_').name", Decision.REJECT),
    ("tempfile.mkdtemp(**{'prefix': '/mnt/share/s_'})", Decision.REJECT),  # a display spreads (session 33)
    ("tempfile.mkdtemp(*['', '/mnt/share/s_'])", Decision.REJECT),
    # a plain prefix keeps it in /tmp, where a mkdtemp() folder outlives the job (red team 60b); a
    # TemporaryDirectory is removed
    ("tempfile.mkdtemp(prefix='fl_split_')", Decision.ESCALATE),
    ("tempfile.mkdtemp('tflite-transfer')", Decision.ESCALATE),
    ("tempfile.mkdtemp()", Decision.ESCALATE),
    ("tempfile.TemporaryDirectory(prefix='fl_split_').name", Decision.ACCEPT),
    ("tempfile.TemporaryDirectory('tflite-transfer').name", Decision.ACCEPT)])
def test_a_scratch_folder_is_where_its_prefix_and_dir_put_it(tmp_path: Path, maker: str, decision: Decision) -> None:
    found, findings = _scan(tmp_path, WRITE.replace("MAKER", maker))
    assert found is decision, findings


# A member the catalogue vouches only for calls that meet conditions, read as a value (a call result's attribute
# or an untyped value's) was no use: the call that runs it is partial's, map's or a name's, whose arguments never
# met the member's conditions.
@pytest.mark.parametrize("code", [
    "import functools, pandas as pd\ndf = pd.read_csv('a.csv')\nfunctools.partial(df.to_parquet, '/mnt/share/a.parquet')()",
    "import functools, pandas as pd\nfunctools.partial(pd.read_csv('a.csv').to_csv, '/mnt/share/a.csv')()",
    "import pandas as pd\ndf = pd.read_csv('a.csv')\nlist(map(df.to_parquet, ['/mnt/share/a.parquet']))",
    "def stage(frame):\n    w = frame.to_parquet\n    w('/mnt/share/a.parquet')",
    "import functools\ndef stage(frame):\n    return functools.partial(frame.to_parquet, '/mnt/share/a.parquet')"])
def test_a_conditioned_member_handed_on_is_not_vouched(tmp_path: Path, code: str) -> None:
    found, findings = _scan(tmp_path, code)
    assert found is not Decision.ACCEPT, findings
    assert any("handed on as a value" in m for _, m in findings), findings


@pytest.mark.parametrize("code", [
    "import pandas as pd\ndf = pd.read_csv('a.csv')\ndf.to_csv('outputs/a.csv.gz', index=False)\nprint(df.columns, df.shape)",
    "import argparse\np = argparse.ArgumentParser()\np.add_argument('--to_csv', default='a.csv')\nprint(p.parse_args().to_csv)",
    "def stage(frame):\n    frame.to_parquet('outputs/a.parquet')"])
def test_members_called_where_named_and_data_attributes_stay_vouched(tmp_path: Path, code: str) -> None:
    found, findings = _scan(tmp_path, code)
    assert found is Decision.ACCEPT, findings


# pandas imports the module its plotting backend names (an option, or backend= on a plot call).
@pytest.mark.parametrize("code, decision", [
    ("import pandas as pd\npd.set_option('plotting.backend', 'antigravity')", Decision.ESCALATE),
    ("import pandas as pd\npd.set_option('backend', 'antigravity')", Decision.ESCALATE),
    ("import pandas as pd\npd.set_option('display.width', 1, 'plotting.backend', 'antigravity')", Decision.ESCALATE),
    ("import pandas as pd\npd.Series([1.0]).plot(backend='antigravity')", Decision.ESCALATE),
    ("import pandas as pd\npd.DataFrame({'a': [1]}).hist(backend='antigravity')", Decision.ESCALATE),
    ("import pandas as pd\npd.set_option('display.max_columns', None)\npd.Series([1.0]).plot(title='loss')",
     Decision.ACCEPT)])
def test_a_plotting_backend_named_by_the_job_is_not_vouched(tmp_path: Path, code: str, decision: Decision) -> None:
    found, findings = _scan(tmp_path, code)
    assert found is decision, findings


# OmegaConf reads `${oc.env:NAME}` when the value is read: vouched as os.environ.get(NAME) is, in code and in any
# config text the job ships (a hydra YAML, a Flower run config).
@pytest.mark.parametrize("text, decision", [
    ("{'run': '${oc.env:AWS_SECRET_ACCESS_KEY}'}", Decision.ESCALATE),
    ("{'run': '${ oc.env : HF_TOKEN,none}'}", Decision.ESCALATE),
    ("{'run': '${env:HF_TOKEN}'}", Decision.ESCALATE),
    ("{'rank': '${oc.env:LOCAL_RANK,0}', 'data': '${oc.env:FL_DATA_DIR}'}", Decision.ACCEPT),
    ("{'lr': 0.1}", Decision.ACCEPT)])
def test_an_omegaconf_env_interpolation_is_an_environment_read(tmp_path: Path, text: str, decision: Decision) -> None:
    found, findings = _scan(tmp_path, f"import logging\nfrom omegaconf import DictConfig\nc = DictConfig({text})\n"
                                      "logging.getLogger(__name__).info('%s', c)\n")
    assert found is decision, findings


# A process's environment file is every secret of that process (the NVFlare client's too): a credential file for
# every reader, as dumping os.environ is.
@pytest.mark.parametrize("read", ["pd.read_csv('/proc/self/environ', sep='\\0')",
                                  "pd.read_csv(os.path.join('/proc', str(os.getpid()), 'environ'))",
                                  "pathlib.Path('/proc/1/environ').read_bytes()",
                                  "open('/proc/1/task/1/environ').read()"])
def test_a_process_environment_file_is_a_credential_file(tmp_path: Path, read: str) -> None:
    found, findings = _scan(tmp_path, f"import os, pathlib\nimport pandas as pd\nsettings = {read}\n")
    assert found is Decision.REJECT, findings


# argparse reads the lines of `@path` as arguments when the parser has fromfile_prefix_chars: any file the job's
# config names, read where the gate sees no read.
@pytest.mark.parametrize("code, decision", [
    ("import argparse\np = argparse.ArgumentParser(fromfile_prefix_chars='@')\na, rest = p.parse_known_args()\nprint(rest)",
     Decision.ESCALATE),
    ("import argparse\np = argparse.ArgumentParser(None, None, None, None, [], argparse.HelpFormatter, '-', '@')",
     Decision.ESCALATE),
    ("import argparse\np = argparse.ArgumentParser()\np.fromfile_prefix_chars = '@'\nprint(p.parse_known_args())",
     Decision.ESCALATE),
    ("import argparse\np = argparse.ArgumentParser(description='local training')\nprint(p.parse_known_args())",
     Decision.ACCEPT)])
def test_an_argument_file_prefix_is_not_vouched(tmp_path: Path, code: str, decision: Decision) -> None:
    found, findings = _scan(tmp_path, code)
    assert found is decision, findings


@pytest.mark.parametrize("sample", [
    "jobs/rt24_argparse_fromfile_site_rows", "malicious/rt24_proc_environ_read_csv.py", "malicious/rt24_mkdtemp_prefix_share_parquet.py", "malicious/rt24_mkdtemp_prefix_climb_parquet.py",
    "malicious/rt24_mkdtemp_positional_dir_parquet.py", "malicious/rt24_partial_to_parquet_share.py",
    "malicious/rt24_bound_writer_untyped_frame.py", "malicious/rt24_pandas_plotting_backend.py",
    "malicious/rt24_pandas_plot_backend_kwarg.py", "malicious/rt24_omegaconf_env_secret_logged.py",
    "jobs/rt24_flower_run_config_oc_env", "jobs/rt24_hydra_yaml_oc_env_secret"])
def test_attacks_accepted_before_are_not_accepted(sample: str) -> None:
    assert kit.scan_sample(sample).decision is not Decision.ACCEPT


@pytest.mark.parametrize("sample", [
    "benign/near_rt24_pandas_display_options.py", "benign/near_rt24_omegaconf_env_rank.py",
    "jobs/near_rt24_flower_run_config_plain", "jobs/near_rt24_argparse_config_options"])
def test_the_honest_twins_stay_accepted(sample: str) -> None:
    assert kit.scan_sample(sample).decision is Decision.ACCEPT


@pytest.mark.parametrize("sample", ["benign/near_rt24_settings_table.py", "benign/near_rt24_writer_called.py"])
def test_the_twins_writing_a_table_to_csv_escalate_for_that_alone(sample: str) -> None:
    # red team 37a: a table written to a .csv of the job's folder is what NVFlare's admin shell returns to the server
    report = kit.scan_sample(sample)
    assert report.decision is Decision.ESCALATE
    assert {f.rule for f in report.findings} == {"file-exfiltration.data-to-shell-readable"}


# Closed in session 33 (strict xfail before: left to the process guard). A starred list or tuple display and a
# double-starred dict display are spread as Python spreads them (fold.spread_args), so the path conditions and the
# write rules read the destination they spell out; a value bound elsewhere (`*paths`) stays hidden. A tempfile
# maker is vouched where the folder it makes lands (stdlib.yaml, `result: true, path: folder`), as os.makedirs is.
@pytest.mark.parametrize("code", [
    "import pandas as pd\npd.read_csv('a.csv').to_csv(*['/mnt/share/a.csv'])",
    "import pandas as pd\ndf = pd.read_csv('a.csv')\ndf.to_csv(**{'path_or_buf': '/mnt/share/a.csv'})",
    "open(*('/mnt/share/a.csv', 'w')).write('x')",
    "import shutil\nshutil.copy(*['a.csv'], '/mnt/share/a.csv')",
    "import tempfile\ntempfile.mkdtemp(prefix='/mnt/share/site-1_')",
    "import tempfile\ntempfile.mkdtemp(dir='/mnt/share')",
    "import tempfile\nwith tempfile.TemporaryDirectory(None, 'x', '/mnt/share') as d:\n    print(d)",
    "import tempfile\ntempfile.mkdtemp(**{'prefix': '/mnt/share/site-1_'})"])
def test_destinations_spelled_in_a_display_or_a_scratch_prefix_are_judged(tmp_path: Path, code: str) -> None:
    found, findings = _scan(tmp_path, code)
    assert found is not Decision.ACCEPT, findings


@pytest.mark.parametrize("code", [
    "import pandas as pd\ndf = pd.read_csv('a.csv')\ndf.to_csv(*['outputs/a.csv'], index=False)",
    "import tempfile\nwith tempfile.TemporaryDirectory(dir='checkpoints') as d:\n    print(d, tempfile.mkdtemp(prefix='fl_'))",
    "import tempfile\nprint(tempfile.mkdtemp(*['tflite-transfer']))"])
def test_job_destinations_in_a_display_and_local_scratch_stay_vouched(tmp_path: Path, code: str) -> None:
    found, findings = _scan(tmp_path, code)
    assert found is Decision.ACCEPT, findings
