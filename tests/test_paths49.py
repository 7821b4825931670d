"""Session 49 (paths49): destinations the path folder could work out but did not (docs/redteam49b-attempts.md a57,
b02-b06; docs/redteam49c-attempts.md e08).

A job's own subclass of a pathlib class (`class JobPath(PurePosixPath)`, `RunDir("/etc/cron.d") / "fl"`) and a job
class whose `__str__`/`__fspath__` returns a literal were not followed by detectors/paths.py PathFolder, so a write
there was "known only at run time" and left to the process guard: accepted on main. Now a job object folds as its
pathlib base and/or to what its text methods return (PathFolder._job_object), with unknown beside it where the class
binds other underscore names. transformers' from_pretrained (and evaluate.load) had no condition on cache_dir, where
the hub download is written: a condition may now be `optional` (holds where the argument is absent), and cache_dir,
when given, must pass the `folder` test.
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

import redteam_kit as kit
from analyzer.engine.rules import Condition

CLIENT = kit.ClientJob(imports="import os\nimport pathlib\nfrom pathlib import Path, PurePosixPath\n"
                               "import numpy as np\nimport pandas as pd\nimport torch\nimport nvflare.client as flare\n")
W = "net.weight.detach().numpy()"


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/rt49p_*"))
def test_attack_is_held(sample):
    kit.assert_held(kit.scan_sample(sample))


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_rt49p_*"))
def test_near_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


@pytest.mark.parametrize("head, body", [
    ("class JobPath(pathlib.PurePosixPath):\n    pass\n", f"np.save(str(JobPath('/etc/cron.d/fl')), {W})"),
    ("class OutPath(PurePosixPath):\n    pass\n", f"np.save(OutPath('/etc/cron.d/fl'), {W})"),
    ("class RunDir(Path):\n    pass\n", "torch.save(net.state_dict(), RunDir('/etc/cron.d') / 'fl')"),
    ("class RunDir(Path):\n    def ckpt(self):\n        return 1\n",
     "torch.save(net.state_dict(), RunDir('/etc').joinpath('cron.d', 'fl'))"),
    ("class Base(PurePosixPath):\n    pass\nclass Out(Base):\n    pass\n", "open(str(Out('/etc/cron.d', 'fl')), 'w')"),
    ("class Target:\n    def __str__(self):\n        return '/etc/cron.d/fl'\n", "open(str(Target()), 'w').write('x')"),
    ("class Target:\n    def __fspath__(self):\n        return '/etc/cron.d/fl'\n", "open(os.fspath(Target()), 'w')"),
    ("class Target:\n    def __fspath__(self):\n        return '/etc/cron.d/fl'\n", "open(Target(), 'w')"),
    ("class Target:\n    def __format__(self, spec):\n        return '/etc/cron.d/fl'\n", "open(f'{Target()}', 'w')"),
    ("class Base:\n    def __str__(self):\n        return '/etc/cron.d'\nclass Target(Base):\n    pass\n",
     "t = Target()\nopen(f'{t}/fl', 'w')"),
    # a method's `self` is the object it is called on
    ("class RunDir(PurePosixPath):\n    def ckpt(self, name):\n        return self / name\n",
     "torch.save(net.state_dict(), str(RunDir('/etc/cron.d').ckpt('fl')))"),
    ("class RunDir(PurePosixPath):\n    def ckpt(self, name):\n        return self / name\n",
     "d = RunDir('/etc/cron.d')\ntorch.save(net.state_dict(), str(d.ckpt('fl')))"),
    # a class that may reshape its path (`__new__`): the literal it is given is still judged
    ("class Odd(PurePosixPath):\n    def __new__(cls, *a):\n        return super().__new__(cls, *a)\n",
     f"np.save(str(Odd('/etc/cron.d/fl')), {W})"),
])
def test_job_object_destination_is_folded(tmp_path, head, body):
    decision, rules = CLIENT.verdict(tmp_path, body, head=head)
    assert decision == "reject" and "file-exfiltration.write-outside" in rules, rules


@pytest.mark.parametrize("head, body", [
    ("class JobPath(pathlib.PurePosixPath):\n    pass\n", f"np.save(str(JobPath('outputs/w.npy')), {W})"),
    ("class RunDir(Path):\n    def ckpt(self, n):\n        return self / f'ckpt_{n}.pt'\n",
     "torch.save(net.state_dict(), RunDir('outputs') / 'model.pt')"),
    ("class RunDir(PurePosixPath):\n    def ckpt(self, n):\n        return self / f'ckpt_{n}.pt'\n",
     "torch.save(net.state_dict(), str(RunDir('outputs').ckpt(3)))"),
    ("class Target:\n    def __str__(self):\n        return 'outputs/round.log'\n", "open(str(Target()), 'w').write('x')"),
    ("class Target:\n    def __fspath__(self):\n        return 'outputs/round.log'\n", "open(Target(), 'w').write('x')"),
])
def test_job_object_inside_workspace_stays_accepted(tmp_path, head, body):
    assert CLIENT.verdict(tmp_path, body, head=head)[0] == "accept"


def test_job_object_in_another_module_is_folded(tmp_path):
    helpers = "import pathlib\n\n\nclass RunPath(pathlib.PurePosixPath):\n    pass\n"
    client = CLIENT.source("torch.save(net.state_dict(), str(RunPath('/etc/cron.d') / 'fl'))",
                           head="from helpers import RunPath\n")
    report = kit.scan_files(tmp_path, {"client.py": client, "helpers.py": helpers})
    kit.assert_held(report, rule="file-exfiltration.write-outside")


HF = kit.ClientJob(imports="import pandas as pd\nimport torch\nimport nvflare.client as flare\nimport evaluate\n"
                           "from transformers import AutoModel, AutoTokenizer\n")


@pytest.mark.parametrize("setup", [
    "m = AutoModel.from_pretrained('bert-base-uncased', cache_dir='/srv/shared/hf')",
    "tok = AutoTokenizer.from_pretrained('./models/bert', cache_dir='/home/fl/.cache/huggingface')",
    "m = AutoModel.from_pretrained('bert-base-uncased', local_files_only=True, cache_dir='/mnt/share/hf')",
    "m = AutoModel.from_pretrained('bert-base-uncased', attn_implementation='sdpa', cache_dir='/etc/cron.d')",
    "metric = evaluate.load('accuracy', cache_dir='/srv/shared/metrics')",
])
def test_hub_cache_outside_workspace_is_unvouched(tmp_path, setup):
    decision, rules = kit.ClientJob(HF.imports, setup + "\n").verdict(tmp_path)
    assert decision == "escalate" and "unvouched.api" in rules, rules


@pytest.mark.parametrize("setup", [
    "m = AutoModel.from_pretrained('bert-base-uncased', cache_dir='./hf_cache')",
    "m = AutoModel.from_pretrained('bert-base-uncased')",
    "tok = AutoTokenizer.from_pretrained('./models/bert', cache_dir='hf_cache')",
])
def test_hub_cache_in_workspace_or_default_stays_accepted(tmp_path, setup):
    assert kit.ClientJob(HF.imports, setup + "\n").verdict(tmp_path)[0] == "accept"


@pytest.mark.parametrize("code", [
    # not vouched by any catalogue on main either (no condition reads their folders): kept that way
    "from huggingface_hub import hf_hub_download\nhf_hub_download('bert-base-uncased', 'config.json', cache_dir='/srv/hf')",
    "from huggingface_hub import hf_hub_download\nhf_hub_download('org/m', 'w.bin', local_dir='/srv/hf')",
    "from huggingface_hub import snapshot_download\nsnapshot_download('bert-base-uncased', local_dir='/srv/shared/hf')",
    "from datasets import load_dataset\nload_dataset('imdb', cache_dir='/srv/shared/hf')",
])
def test_other_hub_caches_outside_stay_held(tmp_path, code):
    assert kit.scan_source(tmp_path, code).decision.value != "accept"


def test_optional_is_not_a_presence_test():
    assert Condition(kwarg="cache_dir", path="folder", optional=True).optional
    with pytest.raises(ValidationError):
        Condition(kwarg="cache_dir", present=False, optional=True)
