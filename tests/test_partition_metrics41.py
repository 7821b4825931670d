"""Session 41 (nvflare41): metrics of a model over a site's partition, and a trainer's settings spread from a dict.

1. A model's accuracy or loss over rows the code chose (a partition by site index, a Subset of a stride cut to a
   count, the last row of a stride) stays a statistic for review. The session tried vouching for it as a metric
   (training on such rows is accepted, and the parameters carry more of them than a loss does), and it accepted
   six held red-team samples: each makes the partition one row through a value the gate cannot bound (a command
   line, a position the code computes). The update filters a site configures (NVFlare's PercentilePrivacy,
   SVTPrivacy) act on the weights and leave FLModel.metrics alone (nvflare/app_common/utils/fl_model_utils.py
   `to_shareable` puts them in the DXO's meta), so a metric of one row is not covered as the parameters are.
2. `Trainer(**trainer_args)` with `trainer_args` a dict of the function whose keys the gate reads whole
   (conditions._local_dict): the catalogue's conditions judge the keys it can hold (hello-lightning's client).
"""

from __future__ import annotations

import pytest

import redteam_kit as kit

# NVFlare's recipe-k8s client, trimmed: the test set is a stride by site index cut to a count, both from the command
# line, and the received model's accuracy goes out as a metric. Over MNIST, whose files may be the site's: recipe-k8s's
# MNIST is public rows (MNIST checks its files' MD5, nvflare51).
PARTITION_ACCURACY = '''import argparse

import torch
from torch import nn
from torch.utils.data import DataLoader, Subset
from torchvision.datasets import MNIST
from torchvision.transforms import ToTensor

import nvflare.client as flare


def partition(dataset, site_index, num_sites, max_samples):
    indices = list(range(site_index, len(dataset), num_sites))
    return Subset(dataset, indices[:max_samples])


def evaluate(model, loader):
    correct, total = 0, 0
    with torch.no_grad():
        for images, labels in loader:
            correct += (model(images).argmax(dim=1) == labels).sum().item()
            total += labels.size(0)
    return correct / total


parser = argparse.ArgumentParser()
parser.add_argument("--site-index", type=int, required=True)
parser.add_argument("--num-sites", type=int, required=True)
parser.add_argument("--max-test-samples", type=int, default=1000)
args = parser.parse_args()
test_loader = DataLoader(partition(MNIST("/data", train=False, transform=ToTensor()), args.site_index,
                                   args.num_sites, args.max_test_samples), batch_size=32)
model = nn.Sequential(nn.Flatten(), nn.Linear(3 * 32 * 32, 10))
flare.init()
while flare.is_running():
    input_model = flare.receive()
    model.load_state_dict(input_model.params)
    flare.send(flare.FLModel(params=model.state_dict(), metrics={"accuracy": evaluate(model, test_loader)}))
'''


def test_accuracy_over_a_partition_the_command_line_sizes_is_reviewed():
    """`--num-sites 10000 --site-index 4242` makes the stride one test row (corpus jobs/nv33_stride_*)."""
    kit.assert_held(kit.scan_text(PARTITION_ACCURACY), rule="update-channel-leak.unknown-provenance")


def test_accuracy_over_the_test_set_taken_whole_stays_accepted():
    source = PARTITION_ACCURACY.replace("partition(MNIST(\"/data\", train=False, transform=ToTensor()), "
                                        "args.site_index,\n                                   args.num_sites, "
                                        "args.max_test_samples)", "MNIST(\"/data\", train=False, "
                                                                  "transform=ToTensor())")
    assert source != PARTITION_ACCURACY
    kit.assert_accepted(kit.scan_text(source))


@pytest.mark.parametrize("sample", kit.corpus_samples(
    "jobs/nv33_stride_step_past_rows", "jobs/nv33_stride_cut_one_row", "malicious/pr27_ddp_shard_last_row.py",
    "malicious/es24_ifexp_key_position_fallback.py", "malicious/es24_ifexp_key_rebound.py",
    "malicious/nv27_append_first_row_only.py"))
def test_model_metrics_over_one_chosen_row_stay_held(sample):
    """The six samples a partition-metric rule accepted: a model's loss or accuracy over one row."""
    kit.assert_held(kit.scan_sample(sample))


# hello-lightning's client, trimmed: the Trainer's settings are a dict built in the function.
LIGHTNING = '''import pytorch_lightning as pl
from pytorch_lightning import Trainer

import nvflare.client.lightning as flare


class LitNet(pl.LightningModule):
    pass


def main(limit_batches):
    model = LitNet()
    trainer_args = {{"max_epochs": 1, "accelerator": "auto", "devices": "auto"{display}}}
    if limit_batches > 0:
        trainer_args.update(limit_train_batches=limit_batches, limit_val_batches=limit_batches)
{extra}
    trainer = Trainer(**trainer_args)
    flare.patch(trainer)
    while flare.is_running():
        input_model = flare.receive()
        trainer.fit(model)


main(0)
'''


def lightning(display: str = "", extra: str = "") -> str:
    return LIGHTNING.format(display=display, extra=extra)


def assert_trainer_unvouched(report) -> None:
    kit.assert_held(report, rule="unvouched.api")
    assert any("pytorch_lightning.Trainer," in message for _, message in kit.findings(report)), kit.findings(report)


def test_trainer_settings_from_a_dict_of_known_keys_are_vouched():
    kit.assert_accepted(kit.scan_text(lightning()))


def test_trainer_settings_with_num_nodes_one_spelled_in_the_dict_are_vouched():
    kit.assert_accepted(kit.scan_text(lightning(display=', "num_nodes": 1')))


@pytest.mark.parametrize("display, extra", [
    (', "num_nodes": 4', ""),  # every node's rank joins the gradients' all-reduce (lightning.yaml)
    (', "default_root_dir": "/mnt/share/runs"', ""),  # checkpoints with the hyperparameters on a share
    ("", "    trainer_args.update(num_nodes=1)"),  # added later: there or not, a value it may have changed
    ("", '    trainer_args["num_nodes"] = 1'),
    ("", "    key = 'num_nodes'\n    trainer_args[key] = 4"),  # a key the gate does not read
    ("", "    trainer_args.update(**{'num_nodes': 4})"),
    ("", "    tweak(trainer_args)"),  # handed on: anything may be stored into it
    ("", "    trainer_args = dict(trainer_args, num_nodes=4)"),  # rebound
    ("", "    alias = trainer_args\n    alias['num_nodes'] = 4"),
    ("", "    def more():\n        trainer_args['num_nodes'] = 4\n    more()"),  # a store in a nested function
    ("", "    trainer_args.pop('max_epochs')"),
])
def test_trainer_settings_the_dict_may_hide_are_not_vouched(display, extra):
    assert_trainer_unvouched(kit.scan_text(lightning(display=display, extra=extra)))


def test_settings_of_a_dict_bound_outside_the_function_are_not_read():
    source = lightning().replace("def main(limit_batches):", 'SETTINGS = {"max_epochs": 1}\n\n\ndef main(limit_batches):')
    source = source.replace("Trainer(**trainer_args)", "Trainer(**SETTINGS)")
    assert_trainer_unvouched(kit.scan_text(source))


def test_a_frame_that_reaches_the_dict_by_name_is_held():
    """The dict is read whole by its name; a frame's f_locals reaches it by a string (any Python keeps the dict
    object in the snapshot), which the introspection rule holds, whatever the Trainer's entry says."""
    extra = ('    try:\n        raise ValueError(limit_batches)\n    except ValueError as e:\n'
             '        e.__traceback__.tb_frame.f_locals["trainer_args"]["num_nodes"] = 4')
    kit.assert_held(kit.scan_text(lightning(extra=extra)), rule="dynamic-code.introspection")
