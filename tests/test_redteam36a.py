"""Red team 36a: pandas' agg, aggregate, transform and apply call the frame's method that a string names, with
the call's other arguments (pandas/core/apply.py `_apply_str`), so `df.agg("to_csv", path_or_buf=dest)` is a
write the catalogue vouched as in-memory aggregation. Each attack here was accepted before its fix; the
legitimate forms nearest to them stay accepted. Samples: corpus/*/rt36a_*, near_rt36a_*."""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.model import Decision

ACCEPTED_BEFORE = [
    "malicious/rt36a_agg_to_csv_share.py", "malicious/rt36a_apply_to_pickle_share.py",
    "malicious/rt36a_transform_to_parquet_bucket.py", "malicious/rt36a_series_agg_labels_share.py",
    "malicious/rt36a_agg_method_name_folded.py", "malicious/rt36a_nb_apply_to_json_share.ipynb",
    "jobs/rt36a_job_agg_helper",
]
TWINS = ["benign/near_rt36a_agg_reductions.py", "benign/near_rt36a_nb_agg_summary.ipynb",
         "benign/near_rt36a_hf_data_files_dict_local.py", "benign/near_rt36a_nb_matplotlib_inline.ipynb"]


@pytest.mark.parametrize("sample", ACCEPTED_BEFORE)
def test_attack_is_no_longer_accepted(sample: str) -> None:
    report = kit.scan_sample(sample)
    assert report.decision is not Decision.ACCEPT
    assert any(f.rule.startswith("unvouched.") and any(m in f.message for m in (".agg", ".aggregate", ".apply",
                                                                                ".transform"))
               for f in report.findings), kit.findings(report)


@pytest.mark.parametrize("sample", TWINS)
def test_near_twin_stays_accepted(sample: str) -> None:
    kit.assert_accepted(kit.scan_sample(sample))


def _decision(tmp_path: Path, source: str) -> Decision:
    return kit.scan_source(tmp_path, textwrap.dedent(source)).decision


@pytest.mark.parametrize("call", [
    'scaler.transform(x)',  # sklearn: the data, which the gate cannot fold
    'model.apply(init_weights)',  # torch: the job's function
    'frame.apply(lambda r: r.sum(), axis=1)',
    'frame.agg({"age": ["mean", "max"]})',
    'frame.groupby("label").agg(n=("age", "count"))',
    'metric.aggregate()',  # MONAI's metric
])
def test_shared_member_names_keep_their_benign_forms(tmp_path: Path, call: str) -> None:
    source = f'''
    import pandas as pd
    import torch
    from sklearn.preprocessing import StandardScaler
    from monai.metrics import DiceMetric

    def init_weights(m):
        torch.nn.init.zeros_(m.weight)

    frame = pd.read_csv("data/site.csv")
    x = frame.to_numpy()
    scaler = StandardScaler().fit(x)
    model = torch.nn.Linear(2, 2)
    metric = DiceMetric()
    out = {call}
    '''
    assert _decision(tmp_path, source) is Decision.ACCEPT


@pytest.mark.parametrize("call", [
    'frame.agg("to_csv", path_or_buf="/tmp/x.csv")',
    'frame.agg(["mean", "to_pickle"], path="x.pkl")',
    'frame.agg({"age": "to_clipboard"})',
    'frame.transform("to_sql", name="t", con="sqlite:///x.db")',
    'frame.apply("eval", args=("a + b",))',
    'frame.agg(func="to_csv")',
    'frame.agg(n=("age", "to_json"))',
    'frame.agg(*("to_csv",))',
    'frame.agg(HOW)',
])
def test_method_names_escalate(tmp_path: Path, call: str) -> None:
    source = f'''
    import json
    import pandas as pd

    HOW = json.load(open("how.json"))["how"]
    frame = pd.read_csv("data/site.csv")
    out = {call}
    '''
    assert _decision(tmp_path, source) is Decision.ESCALATE


@pytest.mark.skipif(not kit.FL_PYTHON.exists(), reason="needs a Python with pandas")
def test_pandas_really_calls_the_named_method(tmp_path: Path) -> None:
    """The premise, in real pandas: agg and apply of a method's name run that method with the call's arguments."""
    script = f'''
    import pandas as pd
    df = pd.DataFrame({{"a": [1, 2], "label": [0, 1]}})
    for how, call in (("agg", lambda: df.agg("to_csv", path_or_buf={str(tmp_path / "a.csv")!r})),
                      ("apply", lambda: df.apply("to_pickle", args=({str(tmp_path / "b.pkl")!r},)))):
        try:
            call()
        except Exception:
            pass  # pandas complains about the result after the method has run
    '''
    subprocess.run([str(kit.FL_PYTHON), "-c", textwrap.dedent(script)], check=True, timeout=120)
    assert (tmp_path / "a.csv").read_text().startswith(",a,label")
    assert (tmp_path / "b.pkl").stat().st_size > 0


def test_runtime_name_on_untyped_frame_is_held(tmp_path: Path) -> None:
    """Open until session 57: a method name read at run time, handed to transform/apply of a frame the gate cannot
    type, held as sklearn's transform(X) data does. Red team 57b: on such a receiver a string is data only when it
    is the call's one argument (conditions.reductions); with more, it names the method they go to."""
    source = '''
    import json
    import pandas as pd

    def summarise(frame, how, dest):
        return frame.transform(how, dest)

    spec = json.load(open("summary.json"))
    summarise(pd.read_csv("/data/site/train.csv"), spec["how"], spec["dest"])
    '''
    assert _decision(tmp_path, source) is not Decision.ACCEPT


def test_flax_apply_with_variables_stays_accepted(tmp_path: Path) -> None:
    source = '''
    import jax.numpy as jnp
    import flax.linen as nn

    class CNN(nn.Module):
        @nn.compact
        def __call__(self, x):
            return nn.Dense(10)(x)

    MODEL = CNN()

    def predict(params, images):
        return MODEL.apply({"params": params}, images)
    '''
    assert _decision(tmp_path, source) is Decision.ACCEPT


def test_data_files_dict_values_are_paths() -> None:
    """A dict display of data files (datasets' `data_files={"train": ..., "test": ...}`) folds to every value: a
    bucket in one was an unknown path left to the process guard, and accepted."""
    report = kit.scan_sample("malicious/rt36a_hf_data_files_nested_bucket.py")
    assert report.decision is not Decision.ACCEPT
    assert any(f.rule == "network.url-reader" and "s3://fl-shared-bucket" in f.message for f in report.findings)


def test_matplotlib_magic_backend_is_judged_as_matplotlib_use() -> None:
    """`%matplotlib module://name` imports the module, as matplotlib.use("module://name") does: the magic is
    written as that call, which the catalogue vouches only for a backend's plain name."""
    report = kit.scan_sample("malicious/rt36a_nb_matplotlib_module_backend.ipynb")
    assert report.decision is not Decision.ACCEPT
    assert any(f.rule == "unvouched.api" and "matplotlib.use" in f.message for f in report.findings)
