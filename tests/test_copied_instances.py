"""A library instance rebuilt or copied keeps what the catalogue conditions (session 31): dataclasses.replace(p, k=v)
builds p's class again with k=v, judged as the store `p.k = v` is, and a store on copy.copy(p) / copy.deepcopy(p)
is one on p's class (docs/catalogue.md, "A keyword an entry's conditions name is judged wherever it reaches the
instance")."""

import pytest

from tests.test_catalogue import _unvouched

TA = "from transformers import TrainingArguments\na = TrainingArguments(output_dir='o', report_to='none')\n"
ESM = ("from bionemo.esm2.model.finetune.sequence_model import ESM2FineTuneSeqConfig\n"
       "cfg = ESM2FineTuneSeqConfig(task_type='regression')\n")


@pytest.mark.parametrize("text", [
    "import dataclasses\n" + TA + "a = dataclasses.replace(a, report_to='wandb')",
    "from dataclasses import replace\n" + TA + "a = replace(a, output_dir='/mnt/share/o')",
    "import dataclasses\n" + TA + "def more(changes):\n    return dataclasses.replace(a, **changes)",
    "import dataclasses\n" + ESM + "cfg = dataclasses.replace(cfg, initial_ckpt_path='./ckpt')",
    # the job's own subclass of a library dataclass carries the base's conditions
    "import dataclasses\nfrom transformers import TrainingArguments\nclass Args(TrainingArguments):\n    pass\n"
    "a = dataclasses.replace(Args(output_dir='o', report_to='none'), push_to_hub=True)",
    "import copy\n" + TA + "b = copy.copy(a)\nb.report_to = 'wandb'",
    "import copy\n" + TA + "b = copy.deepcopy(a)\nb.push_to_hub = True",
    "import dataclasses\n" + TA + "b = dataclasses.replace(a, num_train_epochs=2)\nb.output_dir = '/mnt/share/o'",
], ids=["report_to", "output_dir_from_import", "changes_hidden", "checkpoint_path", "own_subclass", "store_on_copy",
        "store_on_deepcopy", "store_on_replaced"])
def test_a_conditioned_keyword_reaching_a_rebuilt_or_copied_instance_escalates(text: str) -> None:
    assert _unvouched(text), text


@pytest.mark.parametrize("text", [
    "import dataclasses\n" + TA + "a = dataclasses.replace(a, num_train_epochs=3, output_dir='./o2')",
    "import dataclasses\n@dataclasses.dataclass\nclass C:\n    x: int = 0\nc = dataclasses.replace(C(), x=2)",
    "import dataclasses\n@dataclasses.dataclass\nclass C:\n    x: int = 0\ndef f(changes):\n"
    "    return dataclasses.replace(C(), **changes)",
    "import copy\nimport torch\nm = torch.nn.Linear(2, 2)\ng = copy.deepcopy(m)\ng.load_state_dict(m.state_dict())\n"
    "p = [x.detach() for x in g.parameters()]",
], ids=["unconditioned_and_met", "own_dataclass", "own_dataclass_hidden", "deepcopy_of_a_model"])
def test_a_copy_that_meets_the_conditions_is_vouched(text: str) -> None:
    assert _unvouched(text) == [], text
