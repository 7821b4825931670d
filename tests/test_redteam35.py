"""Red team 35: roads the catalogue, the resolver and the path fold let through. Each attack below was accepted
before its fix (the samples' notes in corpus/labels.yaml say which were held already); the nearest legitimate
form stays accepted. Samples: corpus/{malicious,benign,jobs}/*rt35_*."""

from __future__ import annotations

import libcst as cst
import pytest

import redteam_kit as kit
from analyzer.engine.detectors.paths import PathFolder
from analyzer.engine.resolve import Const, Resolver
from analyzer.model import Decision

UNGUARDED = kit.POLICY.model_copy(update={"runtime_guard": False})


def _last_argument(text: str):
    """The resolver of `text` and the first argument of its last statement's call, in module scope."""
    module = cst.parse_module(text)
    resolver = Resolver(module)
    return resolver, module.body[-1].body[0].value.args[0].value


# ---- resolver: an Enum member's value -------------------------------------------------------------------
ENUM = "from enum import Enum\nimport pandas as pd\nclass Source(Enum):\n    TRAIN = 'https://example.org/t?d='\n"


@pytest.mark.parametrize("read", ["Source.TRAIN.value", "Source.TRAIN._value_", "Source['TRAIN'].value"])
def test_an_enum_members_value_is_what_the_class_body_binds(read: str) -> None:
    resolver, arg = _last_argument(ENUM + f"pd.read_csv({read})")
    assert Const("https://example.org/t?d=") in resolver.values(arg, resolver.root)
    assert PathFolder.of(resolver).fold(arg, resolver.root) == {"https://example.org/t?d="}


def test_a_command_behind_an_enum_value_is_named() -> None:
    report = kit.scan_text("import os\nfrom enum import Enum\nclass Hook(Enum):\n    RUN = 'system'\n"
                           "getattr(os, Hook.RUN.value)('id')")
    assert "subprocess.shell" in kit.rules(report) and report.decision is Decision.REJECT


# ---- path fold: dict and list displays -----------------------------------------------------------------
WRITE = "import numpy as np\nimport pandas as pd\ndf = pd.read_csv('data/a.csv')\n"


@pytest.mark.parametrize("setup,dest", [
    ("over = {'d': '/mnt/share/x.npy'}\n", "{'d': './outputs/x.npy', **over}['d']"),
    ("", "({'d': './outputs/x.npy'} | {'d': '/mnt/share/x.npy'})['d']"),
    ("cfg = {'d': './outputs/x.npy'}\ncfg |= {'d': '/mnt/share/x.npy'}\n", "cfg['d']"),
    ("cfg = {'d': './outputs/x.npy'}\ncfg['d'] = '/mnt/share/x.npy'\n", "cfg['d']"),
    ("more = ['/mnt/share/x.npy']\n", "[*more, './outputs/x.npy'][1]"),
])
def test_a_share_put_into_a_display_is_folded(setup: str, dest: str) -> None:
    report = kit.scan_text(WRITE + setup + f"np.save({dest}, df.to_numpy())")
    assert "file-exfiltration.write-network" in kit.rules(report)
    assert report.decision is Decision.REJECT


@pytest.mark.parametrize("setup,dest", [
    ("cfg = {'d': './outputs/x.npy'}\ncfg.update(d='/mnt/share/x.npy')\n", "cfg['d']"),
    ("outs = ['./outputs/x.npy']\nouts.insert(0, '/mnt/share/x.npy')\n", "outs[0]"),
])
def test_a_display_changed_in_place_is_no_longer_known(setup: str, dest: str) -> None:
    report = kit.scan_text(WRITE + setup + f"np.save({dest}, df.to_numpy())")
    assert report.decision is not Decision.ACCEPT


@pytest.mark.parametrize("setup,dest", [
    ("base = {'d': './outputs/x.npy'}\n", "{**base, 'e': './outputs/e.npy'}['d']"),
    ("cfg = {'d': './outputs/x.npy'}\ncfg['d'] = './outputs/y.npy'\n", "cfg['d']"),
])
def test_job_paths_through_displays_stay_accepted(setup: str, dest: str) -> None:
    kit.assert_accepted(kit.scan_text(WRITE + setup + f"np.save({dest}, df.to_numpy())"))


# ---- catalogue: ckpt_path on members shared by name; earlier calls of a chain ---------------------------
def test_a_checkpoint_url_on_an_untyped_trainer_is_not_vouched() -> None:
    report = kit.scan_text("def resume(trainer, model, dm):\n"
                           "    trainer.fit(model, datamodule=dm, ckpt_path='https://example.org/warm.ckpt')")
    assert "unvouched.member" in kit.rules(report) and report.decision is Decision.ESCALATE


@pytest.mark.parametrize("policy", [kit.POLICY, UNGUARDED], ids=["guarded", "unguarded"])
def test_a_fitted_estimators_later_methods_stay_vouched(policy) -> None:
    # `fit` now carries an absence test (no ckpt_path); the earlier `fit` of `m.predict` is judged where written.
    report = kit.scan_text("import numpy as np\nfrom sklearn.linear_model import SGDClassifier\n"
                           "x, y = np.zeros((4, 2)), np.zeros(4)\nm = SGDClassifier().fit(x, y)\np = m.predict(x)",
                           policy=policy)
    kit.assert_accepted(report)


@pytest.mark.parametrize("body,decision", [
    ("class FL(CIFAR10):\n    def __init__(self, root):\n        super().__init__(root, train=True)", Decision.ACCEPT),
    ("class FL(CIFAR10):\n    pass", Decision.ACCEPT),
    ("class FL(CIFAR10):\n    def __init__(self):\n        super().__init__('/mnt/share/c', download=True)",
     Decision.ESCALATE),
    ("class FL(CIFAR10):\n    pass\nds = FL('/mnt/share/c', download=True)", Decision.ESCALATE),
    ("ds = CIFAR10('/mnt/share/c', True, None, None, True)", Decision.ESCALATE),
    # a class-level value is a setting no call spells out (red team 22's dataclass default): the base stays a use
    ("class FL(CIFAR10):\n    base_folder = '../../mnt/share'", Decision.ESCALATE),
])
def test_a_conditioned_base_is_judged_where_the_job_builds_it(body: str, decision: Decision) -> None:
    # CIFAR10's entries all carry conditions now (its download root): naming it as a base is no use of its own.
    report = kit.scan_text("from torchvision.datasets import CIFAR10\n" + body)
    assert report.decision is decision, kit.findings(report)


# ---- the corpus samples of this session ----------------------------------------------------------------
LABELS = kit.labelled("rt35_")
# Accepted on main before this session's fixes (the rest were held already and stay held).
WERE_ACCEPTED = {
    "malicious/rt35_parquet_filesystem_param.py", "malicious/rt35_hf_logging_dir_share.py",
    "malicious/rt35_hf_resume_from_share.py", "malicious/rt35_trl_hub_model_id.py",
    "malicious/rt35_enum_value_url.py", "malicious/rt35_from_generator_cache_share.py",
    "malicious/rt35_dict_override_share.py", "malicious/rt35_dict_update_share.py",
    "malicious/rt35_monai_reader_locate.py", "malicious/rt35_lightning_ckpt_url.py",
    "malicious/rt35_cifar_download_share.py", "malicious/rt35_planetoid_share.py",
    "malicious/rt35_keras_weights_gcs.py", "malicious/rt35_safetensors_share.py",
    "malicious/rt35_notebook_enum_url.ipynb", "malicious/rt35_cifar_positional_download.py",
}


def test_the_samples_are_labelled() -> None:
    assert WERE_ACCEPTED <= {e["path"] for e in LABELS}
    assert sum(e["kind"] == "malicious" for e in LABELS) >= 30 and sum(e["kind"] == "benign" for e in LABELS) >= 8


@pytest.mark.parametrize("entry", LABELS, ids=[e["path"] for e in LABELS])
def test_sample_decision(entry: dict) -> None:
    report = kit.scan_sample(entry["path"])
    assert report.decision.value in entry["expect"], (entry["path"], kit.findings(report))
