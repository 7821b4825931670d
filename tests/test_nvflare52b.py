"""Session 52 (nvflare52b): the NVFlare units held by update-channel-leak.unknown-provenance, read one by one
(docs/fl-examples.md, "Session 52 (nvflare52b)"). One engine imprecision fixed: a batched `Dataset.map` kept every
row only when its function returned a Transformers call of a name the resolver types, so swarm_pt's shape
(`def build(tokenizer): def tokenize(b): enc = tokenizer(b["text"]); enc["labels"] = ...; return enc`) was rows
chosen. roles.tokenizes now follows a name bound to the encoding that only gains copies of its own columns, and a
tokenizer the enclosing function is passed by every call of the module (arguments.passed). The rest of swarm_pt's
hold (the validation prefix a setting sizes) and hello-jax's (a site's partition by an unbounded count) are the
site's rows chosen, pinned here as they are."""

from __future__ import annotations

from pathlib import Path

import pytest

import redteam_kit as kit

UNKNOWN = "update-channel-leak.unknown-provenance"

JOB = '''\
import torch
from datasets import load_from_disk
from torch.utils.data import DataLoader
from transformers import AutoModelForCausalLM, AutoTokenizer

import nvflare.client as flare

MODEL = "/models/qwen2.5-0.5b"


def build_loader(tokenizer, split):
    dataset = load_from_disk(f"/data/site/notes/{split}")
{PREPARE}
    def tokenize(batch):
{ENCODE}

    dataset = dataset.map(tokenize, batched=True, remove_columns=["text"])
    dataset.set_format("torch")
    return DataLoader(dataset, batch_size=8)


def evaluate_loss(model, loader):
    losses = []
    model.eval()
    with torch.no_grad():
        for batch in loader:
            losses.append(model(input_ids=batch["input_ids"], labels=batch["labels"]).loss.item())
    return sum(losses) / len(losses)


def main():
    flare.init()
    tokenizer = AutoTokenizer.from_pretrained(MODEL)
    model = AutoModelForCausalLM.from_pretrained(MODEL)
    val_loader = build_loader({PASSED}, "validation")
    while flare.is_running():
        model.load_state_dict(flare.receive().params)
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"val_loss": evaluate_loss(model, val_loader)}))


if __name__ == "__main__":
    main()
'''

COPY = '''\
        enc = tokenizer(batch["text"], truncation=True, max_length=128, padding="max_length")
        enc["labels"] = enc["input_ids"].copy()
        return enc'''

PICK_ONE = 'lambda texts, **kw: {"input_ids": [texts[7]] * len(texts)}'


def job(encode: str = COPY, passed: str = "tokenizer", prepare: str = "") -> str:
    return JOB.replace("{ENCODE}", encode).replace("{PASSED}", passed).replace("{PREPARE}", prepare)


@pytest.mark.parametrize("encode,labels", [
    (COPY, "labels"),
    # the labels as the column itself, and a docstring: the same rows
    ('        """Encode the batch."""\n        enc = tokenizer(batch["text"], truncation=True)\n'
     '        enc["labels"] = enc["input_ids"]\n        return enc', "labels"),
    # the call returned directly, of the tokenizer passed (the loss's labels are the inputs)
    ('        return tokenizer(batch["text"], truncation=True)', "input_ids"),
])
def test_an_encoding_of_a_passed_tokenizer_with_copied_columns_keeps_every_row(encode: str, labels: str) -> None:
    source = job(encode).replace('labels=batch["labels"]', f'labels=batch["{labels}"]')
    kit.assert_accepted(kit.scan_text(source))


@pytest.mark.parametrize("encode", [
    # one row's ids as every row's labels (nvflare52b_labels_one_row_for_every_row)
    '        enc = tokenizer(batch["text"], truncation=True)\n'
    '        enc["labels"] = [enc["input_ids"][7]] * len(enc["input_ids"])\n        return enc',
    # a copied column, then one row written over the inputs
    '        enc = tokenizer(batch["text"], truncation=True)\n        enc["labels"] = enc["input_ids"].copy()\n'
    '        enc["input_ids"] = [enc["input_ids"][7]] * len(enc["input_ids"])\n        return enc',
    # the name bound again before it is returned
    '        enc = tokenizer(batch["text"], truncation=True)\n'
    '        enc = {"input_ids": [enc["input_ids"][7]] * len(enc["input_ids"])}\n        return enc',
    # a statement besides the stores (the batch's rows changed in place after encoding)
    '        enc = tokenizer(batch["text"], truncation=True)\n        enc["input_ids"][:] = [enc["input_ids"][7]] * 8\n'
    '        enc["labels"] = enc["input_ids"].copy()\n        return enc',
])
def test_an_encoding_that_gains_anything_but_a_copy_of_its_columns_is_rows_chosen(encode: str) -> None:
    report = kit.scan_text(job(encode))
    assert kit.holds(report, UNKNOWN), kit.findings(report)


@pytest.mark.parametrize("passed,prepare", [
    # a call passes a function of the job in the tokenizer's place (nvflare52b_tokenizer_param_one_row)
    (PICK_ONE, ""),
    # the parameter bound again in the function the map's function is defined in
    ("tokenizer", f"    if split == \"validation\":\n        tokenizer = {PICK_ONE}\n"),
    # ... or from a function nested in it
    ("tokenizer", f"    def swap():\n        nonlocal tokenizer\n        tokenizer = {PICK_ONE}\n\n    swap()\n"),
])
def test_a_tokenizer_parameter_not_always_passed_a_transformers_object_is_unknown(passed: str, prepare: str) -> None:
    report = kit.scan_text(job(passed=passed, prepare=prepare))
    assert kit.holds(report, UNKNOWN), kit.findings(report)


def test_a_tokenizer_parameter_another_module_passes_a_function_is_unknown(tmp_path: Path) -> None:
    other = f"from client import build_loader\n\nloader = build_loader({PICK_ONE}, \"validation\")\n"
    report = kit.scan_files(tmp_path, {"client.py": job(), "other.py": other})
    assert kit.holds(report, UNKNOWN), kit.findings(report)
    kit.assert_accepted(kit.scan_text(job()))  # the same client alone


def test_the_corpus_twins() -> None:
    kit.assert_accepted(kit.scan_sample("benign/nvflare52b_tokenizer_passed_labels_copy.py"))
    for sample in ("malicious/nvflare52b_labels_one_row_for_every_row.py",
                   "malicious/nvflare52b_tokenizer_param_one_row.py"):
        report = kit.scan_sample(sample)
        assert kit.holds(report, UNKNOWN), (sample, kit.findings(report))


# ---- what stays held, by the site's rows the code chose (the units' classification) ---------------------------------

def test_swarm_pt_validation_prefix_sized_by_a_setting_stays_a_statistic() -> None:
    """swarm_pt's validation split cut to `min(len, max_steps * batch_size)` rows: one row at `--validation_steps 1
    --batch_size 1`, which no config of the unit bounds (session 45's reading, unchanged)."""
    prefix = ("    dataset = dataset.select(range(min(len(dataset), max_steps * batch_size)))\n")
    source = job(prepare=prefix).replace("def build_loader(tokenizer, split):",
                                         "def build_loader(tokenizer, split, max_steps=10, batch_size=4):")
    report = kit.scan_text(source)
    assert kit.holds(report, UNKNOWN), kit.findings(report)
    kit.assert_accepted(kit.scan_text(job()))  # without the prefix


HELLO_JAX = '''\
import re
import sys

import numpy as np

import nvflare.client as flare


def split_for_client(x, site, parts):
    k = int(re.search(r"(\\d+)$", site).group(1)) - 1
    return np.array_split(x, max(parts, 1))[k]


def main():
    flare.init()
    x = np.load("/data/site/test_images.npy")
    x = {SPLIT}
    while flare.is_running():
        w = flare.receive().params["w"]
        loss = 0.0
        for start in range(0, len(x), 128):
            loss += float(((x[start:start + 128] @ w) ** 2).mean())
        flare.send(flare.FLModel(metrics={"loss": loss}))


main()
'''


def test_hello_jax_partition_by_an_unbounded_count_stays_a_statistic() -> None:
    """hello-jax's `np.array_split(x, num_partitions)[k]` with a count from a command line the gate cannot read:
    at `num_partitions == len(x)` a partition is one row."""
    held = kit.scan_text(HELLO_JAX.replace("{SPLIT}", 'split_for_client(x, flare.get_site_name(), int(sys.argv[1]))'))
    assert kit.holds(held, UNKNOWN), kit.findings(held)
    kit.assert_accepted(kit.scan_text(HELLO_JAX.replace("{SPLIT}", "x")))  # the whole array: its batch loop is fine
