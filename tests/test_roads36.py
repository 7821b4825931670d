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


# ---- rows chosen by a mask or by a position the server sends (syntax._window, Origin.masked) -----------------

ROWS = """import os
import sys

import pandas as pd
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

import nvflare.client as flare

df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "heart.csv"))
x = torch.tensor(df.values, dtype=torch.float32)
model = nn.Linear(x.shape[1], 1)
opt = torch.optim.SGD(model.parameters(), lr=1.0)
flare.init()
m = flare.receive()
model.load_state_dict(m.params)
CALL
flare.send(flare.FLModel(params=model.state_dict()))
"""


@pytest.mark.parametrize("call", [
    "(model.weight * x[x[:, 0] == 1042]).sum().backward()\nopt.step()",
    "k = int(m.params['k'])\n(model.weight * x[x[:, 0] == k]).sum().backward()\nopt.step()",
    "k = m.meta['row']\nnn.functional.mse_loss(model(x[x[:, 0] == k]), x[x[:, 0] == k][:, :1]).backward()\nopt.step()",
    "mask = torch.zeros(len(x), dtype=torch.bool)\nmask[7] = True\n(model.weight * x[mask]).sum().backward()\nopt.step()",
    "idx = torch.where(x[:, 0] == 1042)[0]\n(model.weight * x[idx]).sum().backward()\nopt.step()",
    "r = m.current_round\nnn.functional.mse_loss(model(x[r:r + 1]), x[r:r + 1, :1]).backward()\nopt.step()",
    "r = int(sys.argv[1])\nnn.functional.mse_loss(model(x[r:r + 1]), x[r:r + 1, :1]).backward()\nopt.step()",
])
def test_rows_a_mask_or_the_server_chose_are_not_trained_on_unreviewed(tmp_path: Path, call: str) -> None:
    assert _scan(tmp_path, {"client.py": ROWS.replace("CALL", call)}).decision is not Decision.ACCEPT


@pytest.mark.parametrize("call", [
    # a partition by a threshold, batched by a shuffled loader (a partition by `== a spelled value` escalates since
    # session 49, update49b: by provenance it is `x[ids == 1042]`, one patient's rows; tests/test_update49b.py)
    "sub = x[x[:, 1] >= 1]\nfor (xb,) in DataLoader(TensorDataset(sub), batch_size=32, shuffle=True):\n"
    "    opt.zero_grad()\n    nn.functional.mse_loss(model(xb), xb[:, :1]).backward()\n    opt.step()",
    # one row at a time, every row in turn
    "for r in range(len(x)):\n    opt.zero_grad()\n    nn.functional.mse_loss(model(x[r:r + 1]), x[r:r + 1, :1]).backward()\n"
    "    opt.step()",
    # a batch loop through a name, and a shuffled pass one row at a time
    "for i in range(len(x) // 4):\n    s = i * 4\n    opt.zero_grad()\n"
    "    nn.functional.mse_loss(model(x[s:s + 4]), x[s:s + 4, :1]).backward()\n    opt.step()",
    "perm = torch.randperm(len(x))\nfor i in range(len(x)):\n    s = perm[i]\n    opt.zero_grad()\n"
    "    nn.functional.mse_loss(model(x[s:s + 1]), x[s:s + 1, :1]).backward()\n    opt.step()",
    # a mask inside a loader's batch (padding, ignored labels)
    "for (xb,) in DataLoader(TensorDataset(x), batch_size=32, shuffle=True):\n    keep = xb[:, 0] != -1\n"
    "    opt.zero_grad()\n    nn.functional.mse_loss(model(xb[keep]), xb[keep][:, :1]).backward()\n    opt.step()",
])
def test_a_partition_batched_by_a_loader_stays_accepted(tmp_path: Path, call: str) -> None:
    report = _scan(tmp_path, {"client.py": ROWS.replace("CALL", call)})
    assert report.decision is Decision.ACCEPT, [(f.rule, f.message) for f in report.findings]


# ---- isinstance(v, (A, B)): each class's metaclass is handed v (tests/test_redteam35b.py runs the attack) ------

def test_a_tuple_of_classes_without_such_a_metaclass_stays_accepted(tmp_path: Path) -> None:
    text = (CORPUS / "malicious" / "roads36_instancecheck_tuple.py").read_text().replace("(int, Record)", "(int, str)")
    report = _scan(tmp_path, {"client.py": text})
    assert report.decision is Decision.ACCEPT, [(f.rule, f.message) for f in report.findings]


# ---- a class of another module of the job: get_extra_state, __init_subclass__ (red team 35b, cross-module) ----

@pytest.mark.parametrize("job", ["roads36_job_extra_state_keep", "rt35b_job_extra_state",
                                 "rt35b_job_init_subclass_registry"])
def test_site_rows_reaching_another_modules_class_reject(job: str) -> None:
    report = api.scan(CORPUS / "jobs" / job, POLICY)
    assert report.decision is Decision.REJECT, [(f.rule, f.message) for f in report.findings]


def test_extra_state_of_a_constant_stays_accepted() -> None:
    report = api.scan(CORPUS / "jobs" / "near_roads36_job_extra_state_keep_version", POLICY)
    assert report.decision is Decision.ACCEPT, [(f.rule, f.message) for f in report.findings]


def test_a_literal_keyword_to_another_modules_init_subclass_stays_accepted(tmp_path: Path) -> None:
    job = CORPUS / "jobs" / "rt35b_job_init_subclass_registry" / "app" / "custom"
    files = {"report.py": (job / "report.py").read_text(),
             "train.py": (job / "train.py").read_text().replace("summary=df.sample(5).to_dict(\"records\")",
                                                                "summary=\"weights only\"")}
    assert "weights only" in files["train.py"]
    report = _scan(tmp_path, files)
    assert report.decision is Decision.ACCEPT, [(f.rule, f.message) for f in report.findings]
