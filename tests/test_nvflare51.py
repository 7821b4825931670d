"""Session 51 (nvflare51): a public dataset's rows are no site data.

torchvision's CIFAR10 and CIFAR100 check every file they read against its MD5 in `__init__` and raise otherwise
(torchvision/datasets/cifar.py `_check_integrity`, `_load_meta`): whatever folder the site gives them, they hold the
public dataset. Rows the job picks of them by its constants, a count or the site's name (a simulation's partition)
are public, so a metric over them leaks nothing of the site (rules/flow/sources.yaml public_rows, flow/calls.py
`public_rows`). What the site's data decides of them keeps its taint: an index from a site file, a site value as the
index or the count, rows joined with the site's, a target or pixel stored into the dataset, a transform of the job
or one built with a site value, the split; a subclass or a patched class is not the library's class.
"""

from __future__ import annotations

import pytest

import redteam_kit as kit

HEAD = '''import numpy as np
import pandas as pd
import torch
import torchvision
from torch import nn
from torch.utils.data import ConcatDataset, DataLoader, Subset, TensorDataset
from torchvision.datasets import CIFAR10, CIFAR100
from torchvision.transforms import Compose, Lambda, Normalize, ToTensor
import nvflare.client as flare


def evaluate(model, loader):
    correct, total = 0, 0
    with torch.no_grad():
        for images, labels in loader:
            correct += (model(images).argmax(1) == labels).sum().item()
            total += labels.size(0)
    return correct / total


'''
TAIL = '''

flare.init()
model = nn.Sequential(nn.Flatten(), nn.Linear(3072, 10))
while flare.is_running():
    received = flare.receive()
    model.load_state_dict(received.params)
    accuracy = evaluate(model, DataLoader(chosen, batch_size=32))
    flare.send(flare.FLModel(params=model.state_dict(), metrics={"accuracy": accuracy}))
'''
SITE = 'site = pd.read_csv("/data/site/patients.csv")\n'
TEST = 'test = CIFAR10(root="/data/cifar", train=False, transform=ToTensor())\n'


def scan(body: str):
    return kit.scan_text(HEAD + body + TAIL)


PUBLIC = {
    "a stride and a cap by the site's name": (
        'k = int(flare.get_site_name().split("-")[-1]) - 1\n'
        'test = CIFAR10(root="/data/cifar", train=False,\n'
        '               transform=Compose([ToTensor(), Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))]))\n'
        'chosen = Subset(test, list(range(k, len(test), 3))[:100])'),
    "a folder and a download switch from the command line": (
        'import argparse\n'
        'p = argparse.ArgumentParser()\np.add_argument("--root")\np.add_argument("--download", action="store_true")\n'
        'a = p.parse_args()\n'
        'tf = Compose([ToTensor()])\n'
        'test = torchvision.datasets.CIFAR100(root=a.root, train=False, download=a.download, transform=tf)\n'
        'chosen = Subset(test, range(0, 500))'),
    "the site's index in a list the job is given": (
        'sites = "site-1,site-2,site-3".split(",")\n'
        + TEST + 'chosen = Subset(test, list(range(sites.index(flare.get_site_name()), len(test), len(sites))))'),
}


@pytest.mark.parametrize("body", PUBLIC.values(), ids=PUBLIC.keys())
def test_metrics_over_public_rows_the_job_picks_are_accepted(body):
    kit.assert_accepted(scan(body))


def test_the_same_partition_of_mnist_stays_held():
    # mnist.py checks only that its files exist: a site may keep anything under those names
    body = 'test = torchvision.datasets.MNIST(root="/data/mnist", train=False, transform=ToTensor())\n' \
           'chosen = Subset(test, range(0, 100))'
    kit.assert_held(scan(body), "update-channel-leak.unknown-provenance")


HOSTILE = {
    "indices from a site file": TEST + 'chosen = Subset(test, np.load("/data/site/ages.npy"))',
    "a stride's start from a site file": (
        'k = int(open("/data/site/k.txt").read())\n' + TEST + 'chosen = Subset(test, list(range(k, len(test), 3)))'),
    "a patient's value as the index": SITE + TEST + 'chosen = [test[int(site.iloc[0, 3])]]',
    "a patient's value as the count": SITE + TEST + 'chosen = Subset(test, range(0, int(site.iloc[0]["age"])))',
    "joined with the site's rows": SITE + TEST + (
        'chosen = ConcatDataset([Subset(test, range(100)), TensorDataset(torch.tensor(site.values))])'),
    "the targets replaced": SITE + TEST + 'test.targets = list(site["age"])\nchosen = Subset(test, range(100))',
    "the targets extended": SITE + TEST + (
        'test.targets.extend(site["age"])\nchosen = Subset(test, range(10000, 10100))'),
    "a transform of the job": SITE + (
        'def leak(img):\n    return img * float(site.iloc[0, 0])\n'
        'test = CIFAR10(root="/data/cifar", train=False, transform=Compose([ToTensor(), leak]))\n'
        'chosen = Subset(test, range(100))'),
    "a transform of the job appended to a library one": SITE + (
        'def leak(img):\n    return img * float(site.iloc[0, 0])\n'
        'tf = Compose([ToTensor()])\ntf.transforms.append(leak)\n'
        'test = CIFAR10(root="/data/cifar", train=False, transform=tf)\nchosen = Subset(test, range(100))'),
    "torchvision's Lambda": SITE + (
        'test = CIFAR10(root="/data/cifar", train=False,\n'
        '               transform=Compose([ToTensor(), Lambda(lambda x: x * float(site.iloc[0, 0]))]))\n'
        'chosen = Subset(test, range(100))'),
    "a target transform of the job": SITE + (
        'def tt(y):\n    return int(site.iloc[y, 0])\n'
        'test = CIFAR10(root="/data/cifar", train=False, transform=ToTensor(), target_transform=tt)\n'
        'chosen = Subset(test, range(100))'),
    "a library transform built with a site value": SITE + (
        'test = CIFAR10(root="/data/cifar", train=False,\n'
        '               transform=Compose([ToTensor(), Normalize((float(site.iloc[0, 0]),), (1.0,))]))\n'
        'chosen = Subset(test, range(100))'),
    "the split chosen by a patient's value": SITE + (
        'test = CIFAR10(root="/data/cifar", train=bool(site.iloc[0, 0] > 60), transform=ToTensor())\n'
        'chosen = Subset(test, range(100))'),
    "a subclass with its own file list": (
        'class Mine(CIFAR10):\n    test_list = [["patients.pkl", "0" * 32]]\n'
        'test = Mine(root="/data/site", train=False, transform=ToTensor())\nchosen = Subset(test, range(100))'),
    "the class's file list patched": (
        'CIFAR10.test_list = [["patients.pkl", "0" * 32]]\n'
        'test = CIFAR10(root="/data/site", train=False, transform=ToTensor())\nchosen = Subset(test, range(100))'),
    "the integrity check patched": (
        'torchvision.datasets.CIFAR10._check_integrity = lambda self: True\n'
        'test = CIFAR10(root="/data/site", train=False, transform=ToTensor())\nchosen = Subset(test, range(100))'),
    "the integrity check patched through type.__setattr__": (
        'type.__setattr__(CIFAR10, "_check_integrity", lambda self: True)\n'
        'test = CIFAR10(root="/data/site", train=False, transform=ToTensor())\nchosen = Subset(test, range(100))'),
}


@pytest.mark.parametrize("body", HOSTILE.values(), ids=HOSTILE.keys())
def test_public_rows_the_site_decides_stay_held(body):
    kit.assert_held(scan(body))


def test_site_pixels_written_into_the_public_array_are_rejected():
    body = SITE + TEST + 'test.data[:100] = site.values[:100].reshape(100, 32, 32, 3)\n' \
        'chosen = Subset(test, range(100))'
    kit.assert_held(scan(body), "update-channel-leak.raw-data-in-update", kit.Decision.REJECT)


def test_positional_arguments_beyond_the_folder_are_not_read_as_public():
    # `CIFAR10(root, train, transform)`: the transform's place is not looked at, so the dataset stays the site's
    body = SITE + 'def leak(img):\n    return img * float(site.iloc[0, 0])\n' \
        'test = CIFAR10("/data/cifar", False, leak)\nchosen = Subset(test, range(100))'
    kit.assert_held(scan(body), "update-channel-leak.unknown-provenance")
