"""Principled accepts on NVFlare's example units (session 23), each beside the adversarial twins that
use the same idiom to leak and must still escalate or reject."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_flow import RAW, UNKNOWN, rules_of

from analyzer import api
from analyzer.model import Decision

POLICY = api.load_policy()


def _job(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def _unvouched(report) -> list[str]:
    return [f.message for f in report.findings if f.category == "unvouched"]


# ---- an abstract base learner's self.model, which only subclasses set -------------------------------

BASE_LEARNER = """\
import torch
from nvflare.app_common.abstract.learner_spec import Learner


class BaseLearner(Learner):
    def train_config(self, fl_ctx):
        raise NotImplementedError

    def local_train(self, loader):
        for inputs, labels in loader:
            loss = self.criterion(self.model(inputs), labels)
            loss.backward()
"""


def test_an_attribute_nothing_binds_names_no_value(tmp_path: Path) -> None:
    # NVFlare's Learner (nvflare/app_common/abstract/learner_spec.py) never binds `model` or
    # `criterion`: reading them raises AttributeError unless the job binds them, and it does not.
    report = api.scan(_job(tmp_path, {"base_learner.py": BASE_LEARNER}), POLICY)
    assert report.decision is Decision.ACCEPT, _unvouched(report)


def test_a_store_on_an_instance_in_another_module_keeps_it_unknown(tmp_path: Path) -> None:
    report = api.scan(_job(tmp_path, {
        "base_learner.py": BASE_LEARNER,
        "setup.py": "from base_learner import BaseLearner\n"
                    "def make(f):\n    learner = BaseLearner()\n    learner.model = f\n    return learner\n",
    }), POLICY)
    assert report.decision is not Decision.ACCEPT
    assert any("<class>.BaseLearner().model" in m for m in _unvouched(report))


def test_setattr_anywhere_in_the_job_keeps_it_unknown(tmp_path: Path) -> None:
    report = api.scan(_job(tmp_path, {
        "base_learner.py": BASE_LEARNER,
        "setup.py": "from base_learner import BaseLearner\n"
                    "def make(f):\n    learner = BaseLearner()\n    setattr(learner, 'model', f)\n    return learner\n",
    }), POLICY)
    assert any("<class>.BaseLearner().model" in m for m in _unvouched(report))


def test_a_subclass_that_binds_it_is_followed(tmp_path: Path) -> None:
    report = api.scan(_job(tmp_path, {
        "base_learner.py": BASE_LEARNER,
        "site_learner.py": "import os\nfrom base_learner import BaseLearner\n"
                           "class SiteLearner(BaseLearner):\n"
                           "    def train_config(self, fl_ctx):\n        self.model = os.system\n",
    }), POLICY)
    assert report.decision is Decision.REJECT


def test_a_library_base_that_may_bind_it_stays_a_candidate(tmp_path: Path) -> None:
    # torch.nn.Module answers any name through __getattr__ (its parameters and submodules): never
    # provably unbound.
    report = api.scan(_job(tmp_path, {"net.py": "import torch\n"
                                                "class Net(torch.nn.Module):\n"
                                                "    def forward(self, x):\n        return self.backbone.run(x)\n"}),
                      POLICY)
    assert any("backbone" in m for m in _unvouched(report))


# ---- a helper extends lists with the batches of a loader it is handed (hello-dp) --------------------

EVALUATE = """\
import torch
from sklearn.metrics import accuracy_score
from torch.utils.data import DataLoader, TensorDataset
import nvflare.client as flare
from nvflare.client.tracking import SummaryWriter

def evaluate(model, data_loader):
    preds, targets = [], []
    for data, target in data_loader:
        preds.extend(model(data).argmax(1).cpu().numpy())
        targets.extend(target.cpu().numpy())
    return {RESULT}

x = torch.load("/data/site/x.pt", weights_only=True)
y = torch.load("/data/site/y.pt", weights_only=True)
model = torch.nn.Linear(4, 2)
model.load_state_dict(flare.receive().params)
SummaryWriter().add_scalar("acc", evaluate(model, {PASSED}), 1)
"""


def _evaluate(result: str, passed: str) -> set[str]:
    return rules_of(EVALUATE.replace("{RESULT}", result).replace("{PASSED}", passed))


def test_a_metric_over_every_batch_of_a_loader_parameter_is_an_aggregate() -> None:
    assert not _evaluate("accuracy_score(targets, preds)", "DataLoader(TensorDataset(x, y), batch_size=8)")


def test_the_same_helper_on_rows_the_caller_chose_is_reviewed() -> None:
    assert UNKNOWN in _evaluate("accuracy_score(targets, preds)", "[(x[1042:1043], y[1042:1043])]")
    assert UNKNOWN in _evaluate("accuracy_score(targets, preds)",
                                "DataLoader(TensorDataset(x[1042:1043], y[1042:1043]))")


def test_the_same_helper_on_the_rows_of_a_tensor_is_reviewed() -> None:
    assert UNKNOWN in _evaluate("accuracy_score(targets, preds)", "zip(x, y)")


def test_one_extended_element_is_a_row() -> None:
    assert RAW in _evaluate("float(targets[1042])", "DataLoader(TensorDataset(x, y), batch_size=8)")


# ---- batches appended, then concatenated along the rows (gnn/protein's encode) ----------------------

ENCODE = """\
import torch
from torch.utils.data import DataLoader, TensorDataset
import nvflare.client as flare

def encode(model, data_loader):
    xs, ys = [], []
    for data, target in data_loader:
        xs.append(model(data).cpu())
        ys.append({STORED})
    return torch.cat(xs, dim=0), torch.cat(ys, dim=0)

x = torch.load("/data/site/x.pt", weights_only=True)
y = torch.load("/data/site/y.pt", weights_only=True)
model = torch.nn.Linear(4, 2)
model.load_state_dict(flare.receive().params)
h, labels = encode(model, DataLoader(TensorDataset(x, y), batch_size=2))
flare.send(flare.FLModel(params=model.state_dict(), metrics={"m": {RESULT}}))
"""


def _encode(stored: str, result: str) -> set[str]:
    return rules_of(ENCODE.replace("{STORED}", stored).replace("{RESULT}", result))


def test_a_metric_over_every_batch_appended_and_concatenated_is_an_aggregate() -> None:
    assert not _encode("target.cpu()", "float((h.argmax(1) == labels).float().mean())")


def test_one_row_of_each_batch_appended_is_reviewed() -> None:
    assert UNKNOWN in _encode("target[:1].cpu()", "float(labels.float().mean())")


def test_a_row_of_the_concatenation_is_a_row() -> None:
    assert RAW in _encode("target.cpu()", "float(labels[1042])")


def test_a_chosen_row_appended_stays_chosen_after_the_concatenation() -> None:
    assert UNKNOWN in rules_of("""\
        import torch
        import nvflare.client as flare
        x = torch.load("/data/site/x.pt", weights_only=True)
        parts = []
        for k in (1042, 2077):
            parts.append(x[k:k + 1])
        flare.send(flare.FLModel(params={}, metrics={"m": float(torch.cat(parts).mean())}))
    """)



# ---- the module's folder climbed to the job's run folder (kaplan-meier-he) --------------------------

UNGUARDED = POLICY.model_copy(update={"runtime_guard": False})


def _writes(tmp_path: Path, *parts: str, policy=POLICY):
    joined = ", ".join(repr(p) for p in parts)
    return api.scan(_job(tmp_path, {"client.py": f"""\
import json, os
script_dir = os.path.dirname(os.path.abspath(__file__))
file_path = os.path.join(script_dir, {joined})
with open(file_path, "w") as f:
    json.dump({{"survival": [0.9, 0.8]}}, f)
"""}), policy)


def test_the_run_folder_two_levels_up_is_the_jobs(tmp_path: Path) -> None:
    # custom/ -> app_<site>/ -> <run folder> (nvflare/apis/workspace.py get_app_custom_dir)
    assert _writes(tmp_path, "..", "..", "km_global.json").decision is Decision.ACCEPT


def test_past_the_run_folder_is_the_sites(tmp_path: Path) -> None:
    assert _writes(tmp_path, "..", "..", "..", "km_global.json").decision is not Decision.ACCEPT


def test_the_run_folder_still_reserves_the_sites_names(tmp_path: Path) -> None:
    for i, name in enumerate(("startup/fed_client.json", "local/resources.json", "log.txt", "sitecustomize.py")):
        report = _writes(tmp_path / str(i), "..", "..", *name.split("/"))
        assert report.decision is not Decision.ACCEPT, name


def test_a_computed_part_may_climb_itself(tmp_path: Path) -> None:
    report = api.scan(_job(tmp_path, {"client.py": """\
import os, sys
sub = sys.argv[1]
open(os.path.join(os.path.dirname(__file__), sub, "..", "..", "x.json"), "w").write("{}")
"""}), POLICY)
    assert report.decision is not Decision.ACCEPT


def test_without_the_process_guard_a_climb_is_never_vouched(tmp_path: Path) -> None:
    assert _writes(tmp_path, "..", "..", "km_global.json", policy=UNGUARDED).decision is not Decision.ACCEPT


@pytest.mark.parametrize("result", ["float(max(ys))", "float(sorted(ys)[-1])", "float(ys[0])",
                                    "[float(v) for v in ys]", "float(torch.stack(ys)[3])"])
def test_what_a_list_of_batches_hands_out_one_by_one_is_rows(result: str) -> None:
    # batch_size=1: each batch is one record
    assert RAW in rules_of(f"""\
        import torch
        import nvflare.client as flare
        from torch.utils.data import DataLoader, TensorDataset
        x = torch.load("/data/site/x.pt", weights_only=True)
        y = torch.load("/data/site/y.pt", weights_only=True)
        ys = []
        for data, target in DataLoader(TensorDataset(x, y), batch_size=1):
            ys.append(target)
        flare.send(flare.FLModel(params={{}}, metrics={{"m": {result}}}))
    """)


def test_a_dunder_the_type_machinery_gives_is_never_unbound(tmp_path: Path) -> None:
    report = api.scan(_job(tmp_path, {"rec.py": "class Record(object):\n"
                                                "    def fill(self, extra):\n"
                                                "        self.__dict__.update(extra)\n"}), POLICY)
    assert not any("<class>.Record().__dict__" in m for m in _unvouched(report))


# ---- a model's own forward is followed at `model(x)` --------------------------------------------------
# Frame.called_object (flow/calls.py) applies a job class's __call__ (or the forward torch's Module.__call__
# runs) to the call's arguments: a forward that returns rows the code chose hands out those rows, not
# predictions of every row, as the same selection in a plain function does.

PICKER = """\
import torch
import nvflare.client as flare

class Picker({BASE}):
    def {METHOD}(self, x):
        return x[1042:1043]

model = Picker()
x = torch.load("/data/site/x.pt", weights_only=True)
flare.send(flare.FLModel(params={{}}, metrics={{"m": float(model(x).mean())}}))
"""


@pytest.mark.parametrize("base,method", [("torch.nn.Module", "forward"), ("object", "__call__")])
def test_a_forward_that_picks_a_row_is_not_a_prediction(base: str, method: str) -> None:
    assert UNKNOWN in rules_of(PICKER.format(BASE=base, METHOD=method)) or \
        RAW in rules_of(PICKER.format(BASE=base, METHOD=method))


def test_the_same_selection_in_a_function_is_reviewed() -> None:
    assert UNKNOWN in rules_of(PICKER.replace("model = Picker()", "def model(x):\n    return x[1042:1043]")
                               .format(BASE="object", METHOD="__call__"))


@pytest.mark.parametrize("name", ["RunningMetric", "FocalLoss", "Picker"])
def test_a_job_class_named_like_a_metric_is_followed_not_trusted(name: str) -> None:
    """A library metric object is judged by its class's name; the job's own class never is: its __call__ is
    followed, whatever the author called it."""
    text = PICKER.format(BASE="object", METHOD="__call__").replace("Picker", name)
    assert UNKNOWN in rules_of(text) or RAW in rules_of(text)
