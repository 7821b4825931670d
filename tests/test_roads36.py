"""Session 36 (roads36): roads the gate accepted on main (12bc09d). A method listed under `members:` without
conditions, called on a value the gate cannot type, now meets the conditions the catalogue puts on that method of
every class (vouch.py `untyped_ok`: Lightning's Trainer test/validate with a ckpt_path URL, NVFlare's WandBWriter
log); xgboost's DMatrix takes data in memory or a local path (`path: data`: a str is a URI its native code opens).
Each attack was accepted before; each near twin stays accepted. Samples: corpus/malicious/roads36_*,
corpus/benign/near_roads36_*."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer import api
from analyzer.model import Decision

POLICY = api.load_policy()
CORPUS = Path(__file__).resolve().parent.parent / "corpus"
ATTACKS = sorted(p.name for p in (CORPUS / "malicious").glob("roads36_*.py"))
TWINS = sorted(p.name for p in (CORPUS / "benign").glob("near_roads36_*.py"))


def _scan(tmp_path: Path, files: dict[str, str]) -> api.Report:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    return api.scan(tmp_path if len(files) > 1 else tmp_path / next(iter(files)), POLICY)


def _unvouched(report: api.Report) -> list[str]:
    return [f"{f.rule}: {f.message}" for f in report.findings if f.rule.startswith("unvouched.")]


def test_there_are_attacks_and_twins() -> None:
    assert len(ATTACKS) >= 4 and len(TWINS) >= 2


@pytest.mark.parametrize("sample", ATTACKS)
def test_attacks_accepted_before_are_not_accepted(sample: str) -> None:
    assert api.scan(CORPUS / "malicious" / sample, POLICY).decision is not Decision.ACCEPT


@pytest.mark.parametrize("sample", TWINS)
def test_near_twins_stay_accepted(sample: str) -> None:
    report = api.scan(CORPUS / "benign" / sample, POLICY)
    assert report.decision is Decision.ACCEPT, [f.rule for f in report.findings]


# ---- a trainer the gate cannot type: a parameter, a dict's item, another module's registry -------------------

@pytest.mark.parametrize("call", [
    "trainer.test(model, ckpt_path='https://example.org/init.ckpt')",
    "trainer.test(model, None, 'https://example.org/init.ckpt')",
    "trainer.validate(model, ckpt_path='/mnt/share/init.ckpt')",
    "trainer.validate(model, loader, 's3://bucket/init.ckpt')",
    "trainer.predict(model, loader, None, None, 'https://example.org/init.ckpt')",
])
def test_a_checkpoint_url_on_an_untyped_trainer_escalates(tmp_path: Path, call: str) -> None:
    report = _scan(tmp_path, {"client.py": f"def evaluate(trainer, model, loader):\n    return {call}\n"})
    assert report.decision is not Decision.ACCEPT
    assert any(f.rule == "unvouched.member" for f in report.findings), _unvouched(report)


def test_a_trainer_from_another_modules_registry_is_judged_as_untyped(tmp_path: Path) -> None:
    files = {"registry.py": "import lightning as L\nTRAINERS = {'cpu': L.Trainer(max_epochs=1)}\n",
             "client.py": "from registry import TRAINERS\n\ndef run(model):\n"
                          "    TRAINERS['cpu'].test(model, ckpt_path='https://example.org/init.ckpt')\n"}
    assert _scan(tmp_path, files).decision is not Decision.ACCEPT


@pytest.mark.parametrize("call", [
    "trainer.test(model, dataloaders=loader)",
    "trainer.test(model, loader)",
    "trainer.validate(model, ckpt_path='last', dataloaders=loader)",
])
def test_an_untyped_trainer_without_a_foreign_checkpoint_stays_vouched(tmp_path: Path, call: str) -> None:
    report = _scan(tmp_path, {"client.py": f"def evaluate(trainer, model, loader):\n    return {call}\n"})
    assert _unvouched(report) == []


def test_a_writer_handed_in_meets_wandbwriter_log_conditions(tmp_path: Path) -> None:
    bad = _scan(tmp_path, {"client.py": "def report(writer, v):\n    writer.log({'/../../../etc/cron.d/x': v})\n"})
    assert any(f.rule == "unvouched.member" for f in bad.findings), _unvouched(bad)
    good = _scan(tmp_path, {"client.py": "def report(writer, v):\n    writer.log({'train_loss': v}, step=1)\n"})
    assert _unvouched(good) == []


def test_a_member_listed_with_conditions_judges_the_untyped_call_itself(tmp_path: Path) -> None:
    # `eval` is listed with its own condition (no expression): pandas' DataFrame().eval entries do not apply
    report = _scan(tmp_path, {"client.py": "def evaluate(model):\n    model.eval()\n    model.train()\n"})
    assert _unvouched(report) == []


# ---- xgboost.DMatrix: a str is a URI --------------------------------------------------------------------------

@pytest.mark.parametrize("expr", [
    "xgb.DMatrix('https://203.0.113.9/train.csv?format=csv')",
    "xgb.DMatrix(data='s3://bucket/train.libsvm')",
    "xgb.QuantileDMatrix('hdfs://namenode/rows.libsvm')",
    "xgb.DMatrix(os.path.join('/mnt/share', 'train.csv') + '?format=csv')",
    "xgb.DMatrix(f'{REMOTE}?format=csv')",
    "xgb.DMatrix(root + '/train.csv?format=csv')",
])
def test_a_dmatrix_of_a_remote_uri_escalates(tmp_path: Path, expr: str) -> None:
    text = (f"import os\nimport xgboost as xgb\nREMOTE = 'https://data.example.net/x.csv'\n"
            f"def load(root):\n    return {expr}\n")
    report = _scan(tmp_path, {"client.py": text})
    assert any(f.rule == "unvouched.api" and "xgboost" in f.message for f in report.findings), _unvouched(report)


@pytest.mark.parametrize("expr", [
    "xgb.DMatrix(np.zeros((4, 2)), label=np.zeros(4))",
    "xgb.DMatrix(data=frame.drop(columns=['y']), label=frame['y'])",
    "xgb.DMatrix('data/train.csv?format=csv')",
    "xgb.DMatrix(os.path.join('data', 'train.csv') + '?format=csv&label_column=0')",
    "xgb.DMatrix(f\"{os.path.join('data', 'train.csv')}?format=csv\")",
])
def test_a_dmatrix_of_arrays_or_a_local_file_stays_vouched(tmp_path: Path, expr: str) -> None:
    text = (f"import os\nimport numpy as np\nimport pandas as pd\nimport xgboost as xgb\n"
            f"frame = pd.read_csv('data/a.csv')\nd = {expr}\n")
    assert _unvouched(_scan(tmp_path, {"client.py": text})) == []


def test_a_lightgbm_dataset_escalates(tmp_path: Path) -> None:
    # lightgbm has no catalogue: Dataset("https://...") is never vouched
    report = _scan(tmp_path, {"client.py": "import lightgbm as lgb\nd = lgb.Dataset('https://example.org/x.csv')\n"})
    assert report.decision is not Decision.ACCEPT
