"""Red team 36c: site data leaving through the FL frameworks' own APIs. Four roads were open on main: a Flower mod
given to a handler's decorator (`@app.train(mods=[m])`: the decorator call was never evaluated, so its mods were
never read as returning the reply); NVFlare's `DXO.update_meta_props` (it merges a dict into the DXO's meta,
nvflare/apis/dxo.py, but was no sink); the methods of an NVFlare federated-statistics class (what DFStatisticsCore's
mean(), count(), histogram()... return goes to the server, but none was a sink); a lambda's default (evaluated where
the lambda is made, but read only when a call left it out). Still open (OPEN below): a statistic of rows the code
chose one by one in a statistics method, and features() (its names). Every other attack of corpus/*/rt36c_* was
already escalated or rejected (corpus/labels.yaml notes). Twins: corpus/benign/near_rt36c_*."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.model import Decision

ACCEPTED_BEFORE = [
    "malicious/rt36c_flower_train_mods_row.py", "malicious/rt36c_nb_flower_train_mods.ipynb",
    "malicious/rt36c_nv_meta_props_update.py", "jobs/rt36c_job_flower_mod_module",
    "malicious/rt36c_nv_stats_mean_first_row.py", "malicious/rt36c_nv_stats_count_cell.py",
    "malicious/rt36c_nv_stats_hist_bins_cells.py", "malicious/rt36c_nv_stats_failure_cell.py",
    "malicious/rt36c_nv_stats_quantile_keys.py", "malicious/rt36c_nv_stats_stddev_sorted.py",
    "malicious/rt36c_nv_lambda_default_log.py",
]
TWINS = ["benign/near_rt36c_flower_train_mods_timing.py", "benign/near_rt36c_dxo_meta_steps.py",
         "benign/near_rt36c_stats_reductions.py", "benign/near_rt36c_lambda_default_count.py"]


@pytest.mark.parametrize("sample", ACCEPTED_BEFORE)
def test_attack_is_rejected_as_a_leak(sample: str) -> None:
    kit.assert_held(kit.scan_sample(sample), "update-channel-leak.raw-data-in-update", Decision.REJECT)


def test_a_statistics_method_sends_host_facts_and_secrets_too() -> None:
    host = kit.scan_sample("malicious/rt36c_nv_stats_count_host.py")
    assert host.decision is Decision.ESCALATE
    assert any(f.rule == "update-channel-leak.unknown-provenance" and "count()" in f.message for f in host.findings)
    secret = kit.scan_sample("malicious/rt36c_nv_stats_sum_secret.py")
    assert secret.decision is Decision.REJECT
    assert any(f.rule == "credential-harvest.secret-in-channel" for f in secret.findings)


@pytest.mark.parametrize("sample", TWINS)
def test_near_twin_stays_accepted(sample: str) -> None:
    kit.assert_accepted(kit.scan_sample(sample))


MOD_JOB = '''
import pandas as pd
from flwr.app import ArrayRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()
DF = pd.read_csv("/data/site/train.csv")


def stamp(msg, context, call_next):
    reply = call_next(msg, context)
    reply.content["metrics"]["x"] = {value}
    return reply


@app.{handler}(mods=[stamp])
def handle(msg: Message, context: Context):
    return Message(RecordDict({{"metrics": MetricRecord({{"num-examples": len(DF)}})}}), reply_to=msg)
'''


@pytest.mark.parametrize("handler", ["train", "evaluate", "query"])
def test_every_handler_decorator_reads_its_mods(tmp_path: Path, handler: str) -> None:
    """The three handler decorators take mods (rules/flow/sinks.yaml reply_mods); a cell is a leak in each, a
    constant is not."""
    leak = kit.scan_source(tmp_path, MOD_JOB.format(value='float(DF["age"].iloc[0])', handler=handler), "leak.py")
    assert leak.decision is Decision.REJECT
    clean = kit.scan_source(tmp_path, MOD_JOB.format(value="1.0", handler=handler), "clean.py")
    assert clean.decision is Decision.ACCEPT


def test_update_meta_props_reaches_the_shareable_nvflare_sends(tmp_path: Path) -> None:
    """With the installed NVFlare: what update_meta_props merges is in the meta of the DXO the server reads back."""
    script = tmp_path / "probe.py"
    script.write_text(textwrap.dedent('''
        from nvflare.apis.dxo import DXO, DataKind, from_shareable
        d = DXO(data_kind=DataKind.WEIGHTS, data={"w": 1.0})
        d.update_meta_props({"split": ["P-0007", "P-0011"]})
        print(from_shareable(d.to_shareable()).get_meta_prop("split"))
    '''))
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "P-0007" in out.stdout


STATS = '''
import pandas as pd
from nvflare.app_opt.statistics.df.df_core_statistics import DFStatisticsCore


class SiteStatistics(DFStatisticsCore):
    def initialize(self, fl_ctx):
        self.data = {{"train": pd.read_csv("/data/site/train.csv")}}

    def mean(self, dataset_name, feature_name):
        df = self.data[dataset_name]
        return {value}
'''


def test_a_statistic_method_sends_its_result_and_a_name_does_not_change_that(tmp_path: Path) -> None:
    """A cell leaks from a statistics method; the same cell from a Flower handler the author named `mean` still
    leaks as any reply does (the statistic allowance follows NVFlare's base class, not the method's name)."""
    cell = kit.scan_source(tmp_path, STATS.format(value="float(df[feature_name].iloc[0])"), "cell.py")
    assert cell.decision is Decision.REJECT
    named = kit.scan_source(tmp_path, textwrap.dedent('''
        import pandas as pd
        from flwr.app import Context, Message, MetricRecord, RecordDict
        from flwr.clientapp import ClientApp

        app = ClientApp()


        @app.train()
        def mean(msg: Message, context: Context):
            df = pd.read_csv("/data/site/train.csv")
            one = float(df.loc[df["patient_id"] == "P-0007", "age"].mean())
            return Message(RecordDict({"metrics": MetricRecord({"m": one})}), reply_to=msg)
    '''), "named.py")
    assert named.decision is not Decision.ACCEPT


def test_a_statistic_of_one_chosen_patient_is_seen(tmp_path: Path) -> None:
    """Closed by red team 37b: a statistic of rows the code named (a mask of its own, constant positions) is sent
    as what it is, that patient's value; a statistic of other chosen rows is what a statistics method is for."""
    source = STATS.format(value='float(df[df["patient_id"] == "P-0007"][feature_name].mean())')
    assert kit.scan_source(tmp_path, source, "one.py").decision is not Decision.ACCEPT


@pytest.mark.xfail(strict=True, reason="OPEN: features() is no sink: the feature names are the table's column labels, "
                   "which the flow analysis does not tell from its cells once the table is kept in self.data (NVFlare's "
                   "hierarchical_stats example, `for name in df`, would be rejected)")
def test_feature_names_made_of_cells_are_seen(tmp_path: Path) -> None:
    source = STATS.replace("def mean(self, dataset_name, feature_name):", "def features(self):").format(
        value='{"train": [Feature(str(v), DataType.FLOAT) for v in df["patient_name"].head(100)]}').replace(
        "df = self.data[dataset_name]", 'df = self.data["train"]').replace(
        "import pandas as pd",
        "import pandas as pd\nfrom nvflare.app_common.abstract.statistics_spec import DataType, Feature")
    assert kit.scan_source(tmp_path, source, "names.py").decision is not Decision.ACCEPT


def test_python_runs_a_lambda_default_that_is_never_used(tmp_path: Path) -> None:
    """The fact the fix rests on: a default is evaluated when the lambda is made, even if every call passes it."""
    script = tmp_path / "probe.py"
    script.write_text("SENT = []\nf = lambda a, b=SENT.append('row'): a\nf(1, 2)\nprint(SENT)\n")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "['row']"
