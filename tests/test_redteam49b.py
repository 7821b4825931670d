"""Session 49 (redteam49b): a library patched through a class decorator the catalogue vouches
(docs/redteam49b-attempts.md). Red team 48b left it open (b20, b21): `dataclasses.dataclass(frozen=True)(flare.FLModel)`
gives NVFlare's class a `__setattr__` that raises on every field for the whole process, and
`functools.total_ordering`, `functools.wraps(f)(lib_fn)`, typing's markers change what they are given alike.
dataclasses.dataclass and the rest are vouched without conditions (they are applied to the job's own definitions),
and the library class handed to them is a vouched name, so main accepted every form. Now (detectors/vouch.py
`changed_classes`, rules/lists/calls.yaml `class-changers`) a changer called on anything but the job's own class
or function, or handed on as a value (`map`, `functools.partial`, a name bound to it and not used as a decorator),
is unvouched.api.

A job subclass of a library class the catalogue conditions (`@dataclass class SiteArgs(TrainingArguments):
torch_compile: bool = True`) sets the setting for every instance from its class body, where no call spells it out;
transformers.* being a catalogued module, the base in the class statement was no use of its own either: accepted on
main. A class-level value named as a conditioned keyword of a library base is now judged as that setting stored
(detectors/vouch.py `class_settings`).
"""

from __future__ import annotations

import pytest

import redteam_kit as kit

CLIENT = kit.ClientJob(imports="import dataclasses\nimport functools\nimport typing_extensions\n"
                               "import numpy as np\nimport pandas as pd\nimport torch\nimport nvflare.client as flare\n")


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/rt49b_*"))
def test_attack_is_held(sample):
    kit.assert_held(kit.scan_sample(sample), decision=kit.Decision.ESCALATE, rule="unvouched.api")


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_rt49b_*"))
def test_near_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


@pytest.mark.parametrize("code", [
    "dataclasses.dataclass(frozen=True, eq=True)(flare.FLModel)",
    "dataclasses.dataclass(flare.FLModel, frozen=True)",
    "dataclasses.dataclass(torch.nn.Linear)",
    "functools.total_ordering(flare.FLModel)",
    "functools.total_ordering(type(flare.FLModel(params={})))",
    "dataclasses.dataclass(frozen=True)(*[flare.FLModel])",
    "typing_extensions.deprecated('use v2')(flare.FLModel)",
    "functools.update_wrapper(wrapper=np.save, wrapped=print)",
    "frozen = dataclasses.dataclass(frozen=True)\nfrozen(flare.FLModel)",
    "o = functools.total_ordering\no(flare.FLModel)",
    "list(map(functools.total_ordering, [flare.FLModel]))",
    "functools.partial(dataclasses.dataclass, frozen=True)(flare.FLModel)",
])
def test_class_changer_on_a_library_class_is_unvouched(tmp_path, code):
    decision, rules = CLIENT.verdict(tmp_path, code)
    assert decision == "escalate" and "unvouched.api" in rules, rules


@pytest.mark.parametrize("code", [
    "@dataclasses.dataclass(frozen=True)\nclass Cfg:\n    lr: float = 0.1\nprint(Cfg().lr)",
    "class Cfg:\n    lr: float = 0.1\nCfg = dataclasses.dataclass(frozen=True)(Cfg)\nprint(Cfg().lr)",
    "class Cfg:\n    lr: float = 0.1\nCfg = dataclasses.dataclass(Cfg)\nprint(Cfg().lr)",
    "@functools.total_ordering\nclass S:\n    def __init__(self, v):\n        self.v = v\n"
    "    def __lt__(self, o):\n        return self.v < o.v\n    def __eq__(self, o):\n        return self.v == o.v\n"
    "print(S(1) < S(2))",
    "def f():\n    return 1\ndef g():\n    return f()\nfunctools.update_wrapper(g, f)\nprint(g())",
    "frozen = dataclasses.dataclass(frozen=True)\n@frozen\nclass Cfg:\n    lr: float = 0.1\nprint(Cfg().lr)",
])
def test_class_changer_on_the_jobs_own_stays_accepted(tmp_path, code):
    decision, rules = CLIENT.verdict(tmp_path, code)
    assert decision == "accept", rules


TRAINER = kit.ClientJob(imports="import dataclasses\nimport pandas as pd\nimport torch\nimport transformers\n"
                                "import nvflare.client as flare\n")


@pytest.mark.parametrize("fields", [
    "torch_compile: bool = True",
    "report_to: str = 'wandb'",
    "push_to_hub: bool = True\n    hub_model_id: str = 'org/site-model'",
    "logging_dir: str = '/mnt/share/tb'",
])
def test_class_level_setting_of_a_library_base_is_judged(tmp_path, fields):
    head = "import dataclasses\nimport transformers\n\n\n@dataclasses.dataclass\nclass SiteArgs(transformers.TrainingArguments):\n" \
           f"    {fields}\n"
    decision, rules = TRAINER.verdict(tmp_path, "args = SiteArgs(output_dir='outputs', report_to='none')", head=head)
    assert decision == "escalate" and "unvouched.api" in rules, rules


def test_class_level_settings_that_meet_the_conditions_stay_accepted(tmp_path):
    head = "import dataclasses\nimport transformers\n\n\n@dataclasses.dataclass\nclass SiteArgs(transformers.TrainingArguments):\n" \
           "    report_to: str = 'none'\n    torch_compile: bool = False\n    num_train_epochs: float = 1.0\n"
    decision, rules = TRAINER.verdict(tmp_path, "args = SiteArgs(output_dir='outputs')", head=head)
    assert decision == "accept", rules
