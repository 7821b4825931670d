"""Session 46 (catalogue46): catalogue entries that vouched for a capability through an argument or a peer.

- torch.distributed's object collectives unpickle what the other ranks send (distributed_c10d.py
  `_tensor_to_object`), and a rank can send bytes of its choosing with the tensor collectives: a pickle runs at
  the site with no dangerous name in the code. Lightning's DDP `strategy.broadcast` is broadcast_object_list.
- xgboost.train's `xgb_model`, Booster's `model_file` and XGBModel.fit's `xgb_model` are load_model's path, opened
  by the native library (dmlc streams), which the load_model entries already judged as data.
- TrainingArguments' torch_compile (and the backend, mode and torchdynamo settings that turn it on) makes the
  Trainer compile with inductor, which torch.yaml's torch.compile entry refuses (a cache hit unpickles).
- MONAI's PerceptualLoss builds its feature network with torch.hub.load of a GitHub repository (hubconf.py runs).
- datasets.load_dataset / FederatedDataset of a literal hub id: a hub repository's loading script runs without
  trust_remote_code before datasets 2.20, so the id is vouched only under the process guard.
- PyG's Planetoid reads its raw files with pickle.load (no checksum) from a root the job may have filled; TUDataset
  and PPI load processed/data.pt with a torch.load retried with weights_only=False: guarded only.
- datasets' `pandas` packaged builder reads its files with pd.read_pickle: not a vouched builder, and no packaged
  builder's name passes as a hub id (with no data_files it reads the working folder's `train*` files).
- Lightning's ckpt_path="last" lists the checkpoint folder for last*.ckpt files the job may have written and
  torch.loads one: vouched only under the guard, as torch.load without weights_only.
- transformers' Trainer.train(resume_from_checkpoint=True) resumes from the highest checkpoint-<N> folder under
  output_dir, which the job may have written, and torch.loads its state files: guarded only.
- tf.print's `output_stream="file://..."` appends to that path from TensorFlow's C++ kernel (logging_ops.cc
  PrintV2Op), out of the process guard's sight.
All were accepted on main at cd286ba.
"""

from __future__ import annotations

import pytest

import redteam_kit as kit

UNGUARDED = kit.POLICY.model_copy(update={"runtime_guard": False})


def _unvouched(report, api: str) -> bool:
    return any(f.rule == "unvouched.api" and f"uses {api}," in f.message for f in report.findings)


@pytest.mark.parametrize(("sample", "api"), [
    ("malicious/cat46_ddp_object_collective_pickle.py", "torch.distributed.broadcast_object_list"),
    ("malicious/cat46_xgb_train_warm_start_url.py", "xgboost.train"),
    ("malicious/cat46_xgb_fit_model_on_share.py", "xgboost.XGBClassifier().fit"),
    ("malicious/cat46_tf_print_file_stream.py", "tensorflow.print"),
    ("malicious/cat46_hf_trainer_torch_compile_warm_cache.py", "transformers.TrainingArguments"),
    ("malicious/cat46_monai_perceptual_loss_hub.py", "monai.losses.PerceptualLoss"),
    ("malicious/cat46_pyg_planetoid_raw_pickle.py", "torch_geometric.datasets.Planetoid"),
    ("malicious/cat46_datasets_pandas_builder_pickle.py", "datasets.load_dataset"),
])
def test_attack_sample_escalates_on_the_api(sample, api):
    report = kit.scan_sample(sample)
    kit.assert_held(report)
    assert _unvouched(report, api), kit.findings(report)


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_cat46_*"))
def test_near_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


@pytest.mark.parametrize(("source", "api"), [
    ("import torch.distributed as dist\ndist.init_process_group('gloo')\nout = [None, None]\n"
     "dist.all_gather_object(out, {'n': 3})\n", "torch.distributed.all_gather_object"),
    ("import lightning.pytorch as pl\ntrainer = pl.Trainer(max_epochs=1)\n"
     "running = trainer.strategy.broadcast(True, src=0)\n", "lightning.pytorch.Trainer().strategy.broadcast"),
    ("import xgboost as xgb\nimport numpy as np\nd = xgb.DMatrix(np.zeros((4, 2)), label=np.zeros(4))\n"
     "bst = xgb.train({}, d, 1, (), None, None, None, None, None, True, '/mnt/lab_share/warm.ubj')\n",
     "xgboost.train"),
    ("import xgboost as xgb\nbst = xgb.Booster({'nthread': 1}, None, 'https://models.example/init.json')\n",
     "xgboost.Booster"),
    ("import xgboost as xgb\nbst = xgb.core.Booster(model_file='/mnt/lab_share/init.json')\n", "xgboost.core.Booster"),
    ("import sys\nimport tensorflow as tf\ntf.print('loss', 0.5, output_stream='file://gs://bucket/stats.txt')\n",
     "tensorflow.print"),
    ("from trl import SFTConfig\nSFTConfig(output_dir='./outputs', report_to='none', torch_compile_backend='inductor')\n",
     "trl.SFTConfig"),
    ("from transformers import TrainingArguments\ndef make(cfg):\n"
     "    return TrainingArguments(output_dir='./outputs', torch_compile_mode='max-autotune', **cfg)\n",
     "transformers.TrainingArguments"),
])
def test_variant_escalates(source, api):
    report = kit.scan_text(source)
    kit.assert_held(report)
    assert _unvouched(report, api), kit.findings(report)


def test_an_untyped_estimators_fit_from_a_share_escalates():
    report = kit.scan_text("def warm(clf, x, y):\n    clf.fit(x, y, xgb_model='/mnt/lab_share/m.ubj')\n")
    kit.assert_held(report, "unvouched.")


@pytest.mark.parametrize("source", [
    "import xgboost as xgb\nimport numpy as np\nd = xgb.DMatrix(np.zeros((4, 2)), label=np.zeros(4))\n"
    "b = xgb.train({}, d, num_boost_round=1)\nb = xgb.train({}, d, num_boost_round=1, xgb_model=b)\n"
    "b2 = xgb.Booster({'nthread': 1}, model_file='models/warm.json')\n",
    "def warm(clf, x, y, bst):\n    clf.fit(x, y, xgb_model=bst)\n",
    "import tensorflow as tf\ntf.print('epoch', 1, tf.constant([0.5]), summarize=-1)\n",
    "from monai.losses import DiceLoss, PatchAdversarialLoss\nd = DiceLoss(sigmoid=True)\np = PatchAdversarialLoss()\n",
    "import torch.distributed as dist\nimport torch\ndist.init_process_group('gloo')\nt = torch.ones(2)\n"
    "dist.all_reduce(t)\ndist.broadcast(t, src=0)\n",
])
def test_the_harmless_forms_stay_vouched(source):
    kit.assert_accepted(kit.scan_text(source))


@pytest.mark.parametrize("source", [
    "from datasets import load_dataset\nds = load_dataset('clinical-nlp-lab/notes-bench', split='train')\n",
    "from datasets import load_dataset\nds = load_dataset(path='clinical-nlp-lab/notes-bench')\n",
    "from flwr_datasets import FederatedDataset\nfds = FederatedDataset(dataset='lab/notes', partitioners={'train': 4})\n",
])
def test_a_hub_dataset_is_vouched_only_under_the_guard(source):
    kit.assert_accepted(kit.scan_text(source))
    report = kit.scan_text(source, policy=UNGUARDED)
    kit.assert_held(report, "unvouched.api")


def test_hub_script_sample_escalates_without_the_guard():
    report = kit.scan_sample("malicious/cat46_datasets_hub_script_unguarded.py", policy=UNGUARDED)
    kit.assert_held(report)
    assert _unvouched(report, "datasets.load_dataset"), kit.findings(report)


@pytest.mark.parametrize("source", [
    "from torch_geometric.datasets import PPI\nds = PPI('./data/ppi', split='train')\n",
    "from torch_geometric.datasets import TUDataset\nds = TUDataset(root='./data/tu', name='MUTAG')\n",
])
def test_pyg_datasets_with_a_processed_file_are_vouched_only_under_the_guard(source):
    kit.assert_accepted(kit.scan_text(source))
    kit.assert_held(kit.scan_text(source, policy=UNGUARDED), "unvouched.api")


@pytest.mark.parametrize("source", [
    "from datasets import load_dataset\nds = load_dataset('pandas', data_files='cache/cohort.pkl', split='train')\n",
    "from datasets import load_dataset\nds = load_dataset('pandas', split='train')\n",
    "from datasets import load_dataset\nds = load_dataset(path='pandas')\n",
    "from datasets import load_dataset\nB = 'pandas'\nds = load_dataset(B, split='train')\n",
    "from flwr_datasets import FederatedDataset\nfds = FederatedDataset(dataset='pandas', partitioners={'train': 2})\n",
])
def test_the_pickle_builder_escalates_under_the_guard(source):
    kit.assert_held(kit.scan_text(source), "unvouched.api")


@pytest.mark.parametrize("source", [
    "from datasets import load_dataset\nds = load_dataset('csv', data_files='data/site.csv', split='train')\n",
    "from datasets import load_dataset\ndef load(cfg):\n    return load_dataset(path=cfg.path)['train']\n",
    "from datasets import load_dataset\ndef load(name):\n    return load_dataset(name, split='train')\n",
    "from flwr_datasets import FederatedDataset\ndef load(name):\n    return FederatedDataset(dataset=name, partitioners={})\n",
])
def test_local_builders_and_run_time_names_stay_vouched_under_the_guard(source):
    kit.assert_accepted(kit.scan_text(source))


@pytest.mark.parametrize(("sample", "api"), [
    ("benign/near_rt37a_dist_launcher_world.py", "torch.distributed.all_gather_object"),
    ("benign/near_rt35_planetoid_local.py", "torch_geometric.datasets.Planetoid"),
])
def test_twins_of_earlier_sessions_now_escalate(sample, api):
    report = kit.scan_sample(sample)
    kit.assert_held(report, decision=kit.Decision.ESCALATE)
    assert _unvouched(report, api), kit.findings(report)


def test_lightning_last_checkpoint_is_vouched_only_under_the_guard():
    sample = "malicious/cat46_lightning_last_ckpt_unguarded.py"
    kit.assert_accepted(kit.scan_sample(sample))
    report = kit.scan_sample(sample, policy=UNGUARDED)
    kit.assert_held(report)
    assert _unvouched(report, "lightning.pytorch.Trainer().fit"), kit.findings(report)
    best = "def evaluate(trainer, model, dm):\n    trainer.validate(model, ckpt_path='best', datamodule=dm)\n"
    kit.assert_accepted(kit.scan_text(best, policy=UNGUARDED))


@pytest.mark.parametrize("source", [
    "from transformers import Trainer\ndef run(t: Trainer):\n    t.train(resume_from_checkpoint=True)\n",
    "from transformers import Trainer\ndef run(t: Trainer):\n    t.train(True)\n",
])
def test_hf_resume_from_own_output_is_vouched_only_under_the_guard(source):
    kit.assert_accepted(kit.scan_text(source))
    kit.assert_held(kit.scan_text(source, policy=UNGUARDED), "unvouched.api")
