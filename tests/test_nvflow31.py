"""Session 31 (nvflow31): NVFlare examples that escalate on the flow alone.

flax's `Module.apply(variables, *args, method=None, ...)` binds the variables and runs `__call__` (or `method`)
on *args (flax/linen/module.py): `model.apply(v, x)` is `model(x)`. It was any library method of the site's data,
rows it may have chosen, so hello-jax's accuracy over hand-made batches escalated as a statistic the gate cannot
vouch for (rules/flow/model.yaml model_applications). The attacks beside it (a `__call__` or a `method` that picks
a row, a helper handed the module, site data as the variables) keep escalating or rejecting.

recipe-k8s escalates on its accuracy over `Subset(ds, list(range(site_index, len(ds), num_sites))[:max_samples])`,
not on `len(loader)` in its meta (a size of a selection by position, accepted): the stride's step and the cut are
numbers of the job's command line, the author's, so `--num-sites` above the dataset's size or `--max-test-samples 1`
makes the test set one row chosen by position. Those stay escalated (pinned below)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer import api
from analyzer.model import Decision

POLICY = api.load_policy()

FLAX = """\
import jax
import jax.numpy as jnp
import numpy as np
import nvflare.client as flare
from flax import linen as nn


class CNN(nn.Module):
    @nn.compact
    def __call__(self, x):
        BODY


MODEL = CNN()
HELPERS

@jax.jit
def eval_step(params, images, labels):
    logits = APPLY
    return jnp.mean(jnp.argmax(logits, axis=-1) == labels)


def evaluate(params, images, labels, batch_size):
    total, steps = 0.0, 0
    for start in range(0, len(images), batch_size):
        end = start + batch_size
        total += float(eval_step(params, jnp.asarray(images[start:end]), jnp.asarray(labels[start:end])))
        steps += 1
    return total / steps


flare.init()
images = np.load("/data/site/test_images.npy")
labels = np.load("/data/site/test_labels.npy")
while flare.is_running():
    model = flare.receive()
    flare.send(flare.FLModel(params=model.params, metrics={"accuracy": evaluate(model.params, images, labels, 64)}))
"""

HONEST_BODY = "return nn.Dense(10)(x.reshape((x.shape[0], -1)))"
HONEST_APPLY = 'MODEL.apply({"params": params}, images)'


def _flax(body: str = HONEST_BODY, apply: str = HONEST_APPLY, helpers: str = "") -> str:
    return FLAX.replace("BODY", body).replace("APPLY", apply).replace("HELPERS", helpers)


def _decision(tmp_path: Path, text: str) -> Decision:
    path = tmp_path / "client.py"
    path.write_text(text)
    return api.scan(path, POLICY).decision


@pytest.mark.parametrize("text", [
    _flax(),  # hello-jax's evaluation: the job's module applied to hand-made batches
    _flax(apply='nn.Dense(10).apply({"params": params}, images)'),  # a library module
    _flax(apply='MODEL.apply({"params": params}, images, mutable=["batch_stats"])[0]'),
], ids=["job-module", "library-module", "mutable-state"])
def test_a_flax_module_applied_to_the_data_is_its_predictions(tmp_path, text):
    assert _decision(tmp_path, text) == Decision.ACCEPT


ATTACKS = {
    # `__call__` picks a row: judged by its body, as `MODEL(x)` is
    "call-picks-a-row": _flax(body="return x[1042]"),
    # `method=` runs another method (or any function) of the job's choosing
    "method-picks-a-row": _flax(body=HONEST_BODY + "\n\n    def pick(self, x):\n        return x[1042]",
                                apply='MODEL.apply({"params": params}, images, method=CNN.pick)'),
    "method-through-kwargs": _flax(helpers='OPTS = {"method": lambda m, x: x[1042]}\n',
                                   apply='MODEL.apply({"params": params}, images, **OPTS)'),
    "a-row-as-the-input": _flax(apply='MODEL.apply({"params": params}, images[1042:1043])'),
    # the variables are weights: the data as a kernel, a one-hot input picks its row
    "data-as-the-kernel": _flax(apply="nn.Dense(10).apply(images, np.eye(len(images))[7])"),
    # a helper handed the module runs what its callers pass, whatever the annotation says
    "helper-handed-the-module": _flax(body="return x[1042]",
                                      helpers="\n\ndef run(m: nn.Module, v, x):\n    return m.apply(v, x)\n",
                                      apply='run(MODEL, {"params": params}, images)'),
    # an object of a class picked from a dict, through a helper whose annotation names flax's Module
    "class-from-a-dict": _flax(body="return x[1042]",
                               helpers='\n\nMODELS = {"cnn": CNN}\n\n\ndef run(m: nn.Module, v, x):\n    return m.apply(v, x)\n',
                               apply='run(MODELS["cnn"](), {"params": params}, images)'),
    # without a mutable collection the output comes alone: `[0]` is its first row, not the output of a pair
    "immutable-first-row": _flax(body="return x", apply='MODEL.apply({"params": params}, images, mutable=False)[0]'),
    "mutable-unread": _flax(body="return x", helpers="KEEP = False\n",
                            apply='MODEL.apply({"params": params}, images, mutable=KEEP)[0]'),
    # the job's own `apply` is its code, not flax's
    "own-apply": _flax(body=HONEST_BODY + "\n\n    def apply(self, v, x):\n        return x[1042]"),
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_a_flax_apply_that_picks_rows_is_not_accepted(tmp_path, name):
    assert _decision(tmp_path, ATTACKS[name]) != Decision.ACCEPT


EITHER = """\
import jax.numpy as jnp
import numpy as np
import pandas as pd
import nvflare.client as flare
from flax import linen as nn


class CNN(nn.Module):
    @nn.compact
    def __call__(self, x):
        return nn.Dense(10)(x)


flare.init()
images = np.load("/data/site/test_images.npy")
frame = pd.DataFrame(images.reshape((len(images), -1)))
target = CNN() if flare.get_site_name() == "site-9" else frame
while flare.is_running():
    model = flare.receive()
    picked = target.apply(lambda column: column.iloc[1042], 0)
    flare.send(flare.FLModel(params=model.params, metrics={"m": float(jnp.mean(picked))}))
"""


def test_an_apply_that_may_be_a_tables_is_not_a_models(tmp_path):
    """`target.apply(f, 0)` where target is a flax module or a DataFrame: the frame's apply runs f on each column
    (`column.iloc[1042]`: one record). Only a receiver that is a flax module on every road is read as the model."""
    assert _decision(tmp_path, EITHER) != Decision.ACCEPT


# recipe-k8s's client over MNIST: its CIFAR10 is public rows (CIFAR10 checks its files' MD5, nvflare51),
# MNIST's may be the site's (mnist.py checks only that the files exist)
K8S = """\
import argparse

import torch
from torch.utils.data import DataLoader, Subset
from torchvision.datasets import MNIST
from torchvision.transforms import ToTensor

import nvflare.client as flare

parser = argparse.ArgumentParser()
parser.add_argument("--site-index", type=int, required=True)
parser.add_argument("--num-sites", type=int, required=True)
parser.add_argument("--max-samples", type=int, default=1000)
parser.add_argument("--row", type=int, default=0)
args = parser.parse_args()
dataset = MNIST(root="/data/mnist", train=False, transform=ToTensor())
loader = DataLoader(SELECTION, batch_size=64)
model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(3072, 10))


def evaluate():
    correct, total = 0, 0
    with torch.no_grad():
        for images, labels in loader:
            correct += (model(images).argmax(dim=1) == labels).sum().item()
            total += labels.size(0)
    return correct / total


flare.init()
while flare.is_running():
    received = flare.receive()
    model.load_state_dict(received.params)
    flare.send(flare.FLModel(params=model.state_dict(), REPORTED))
"""
STRIDE = "Subset(dataset, list(range(args.site_index, len(dataset), args.num_sites))[:args.max_samples])"


def _k8s(selection: str, reported: str) -> str:
    return K8S.replace("SELECTION", selection).replace("REPORTED", reported)


def test_the_size_of_a_selection_by_position_is_a_size(tmp_path):
    """recipe-k8s's meta: how many batches a loader over a stride holds says nothing of a row's values."""
    text = _k8s(STRIDE, 'meta={"NUM_STEPS_CURRENT_ROUND": len(loader)}')
    assert _decision(tmp_path, text) == Decision.ACCEPT


@pytest.mark.parametrize("selection", [
    STRIDE,  # `--num-sites` above the dataset's size, or `--max-samples 1`: one row, chosen by position
    "Subset(dataset, [args.row])",  # one row the job's config names
], ids=["config-sized-stride", "config-chosen-row"])
def test_a_metric_over_rows_the_config_positions_is_not_accepted(tmp_path, selection):
    text = _k8s(selection, 'metrics={"accuracy": evaluate()}')
    assert _decision(tmp_path, text) == Decision.ESCALATE
