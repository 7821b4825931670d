"""dataclasses.replace(p, k=v) builds p's class again with k=v (session 31): a keyword the catalogue's
entries for that class condition is judged as it is in the constructor, as a store `p.k = v` is
(docs/catalogue.md, "A keyword an entry's conditions name is judged wherever it reaches the instance")."""

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
], ids=["report_to", "output_dir_from_import", "changes_hidden", "checkpoint_path", "own_subclass"])
def test_a_conditioned_keyword_given_to_replace_escalates(text: str) -> None:
    assert _unvouched(text), text


@pytest.mark.parametrize("text", [
    "import dataclasses\n" + TA + "a = dataclasses.replace(a, num_train_epochs=3, output_dir='./o2')",
    "import dataclasses\n@dataclasses.dataclass\nclass C:\n    x: int = 0\nc = dataclasses.replace(C(), x=2)",
    "import dataclasses\n@dataclasses.dataclass\nclass C:\n    x: int = 0\ndef f(changes):\n"
    "    return dataclasses.replace(C(), **changes)",
], ids=["unconditioned_and_met", "own_dataclass", "own_dataclass_hidden"])
def test_replace_that_meets_the_conditions_is_vouched(text: str) -> None:
    assert _unvouched(text) == [], text
