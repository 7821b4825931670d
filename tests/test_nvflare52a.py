"""Session 52 (nvflare52a): the distinct values of a loader's label array of a fixed class domain are no patient values.

Keras' cifar10.load_data fills its labels into a uint8 array and fashion_mnist.load_data reads them as uint8
(rules/flow/sources.yaml class_label_loaders): whatever files a site keeps, np.unique of a selection of one, by any
index, hands out a subset of the class domain and a histogram of the rows the index chose (flow/class_labels.py).
NVFlare's cifar10/tf examples print exactly that. Only a value proven to be that array counts: the images, labels
after arithmetic, a site column, a job loader, a patched loader, an array written in place, a read that may change
it before the count, np.unique's per-row outputs keep the distinct call's review.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.model import Decision

HEAD = '''import numpy as np
import pandas as pd
import tensorflow as tf
from tensorflow.keras import datasets
import nvflare.client as flare


def load():
    return datasets.cifar10.load_data()


def main():
    site = pd.read_csv("/data/site/patients.csv")
    idx = np.load("/tmp/cifar10_splits/site-1.npy")
'''
TAIL = '''

main()
'''


def scan(body: str):
    return kit.scan_text(HEAD + textwrap.indent(textwrap.dedent(body), "    ") + TAIL)


COUNTED = {
    "through the job's retry helper": '''
        (x, y), (xt, yt) = load()
        y = y[idx]
        unq, cnt = np.unique(y, return_counts=True)
        print(unq, cnt)
        return x, y
    ''',
    "tf.keras spelled, selected inline": '''
        (x, y), (xt, yt) = tf.keras.datasets.cifar10.load_data()
        print(np.unique(y[idx], return_counts=True))
    ''',
    "fashion_mnist's test labels": '''
        (x, y), (xt, yt) = datasets.fashion_mnist.load_data()
        print(np.unique(yt[idx]))
    ''',
    "np.bincount of a column of the selection": '''
        (x, y), (xt, yt) = load()
        print(np.bincount(y[idx][:, 0], minlength=10))
    ''',
    "a view bound to a name that is only counted": '''
        (x, y), (xt, yt) = load()
        head = y[:1000]
        print(np.unique(head[idx % 1000], return_counts=True))
    ''',
    "the labels handed on after the count": '''
        (x, y), (xt, yt) = load()
        y = y[idx]
        print(np.unique(y, return_counts=True))
        model = tf.keras.Sequential([tf.keras.layers.Dense(10)])
        model.fit(x[idx], y, epochs=1)
    ''',
}

HELD = {
    "the images, not the labels": '''
        (x, y), (xt, yt) = load()
        print(np.unique(x[idx]))
    ''',
    "the images' position named y": '''
        (y, x), (xt, yt) = load()
        print(np.unique(y[idx]))
    ''',
    "labels after arithmetic with a site value": '''
        (x, y), (xt, yt) = load()
        print(np.unique(y[idx][:, 0] * 1000 + site["age"].values[0]))
    ''',
    "labels after arithmetic, bound to a name": '''
        (x, y), (xt, yt) = load()
        z = y[idx] * 1000 + site["age"].values[: len(idx)]
        print(np.unique(z))
    ''',
    "a site column selected by the same index": '''
        names = site["name"].values
        print(np.unique(names[idx]))
    ''',
    "Keras' cifar100 (the unpickled list, no cast)": '''
        (x, y), (xt, yt) = datasets.cifar100.load_data()
        print(np.unique(y[idx]))
    ''',
    "Keras' mnist (an npz, no cast)": '''
        (x, y), (xt, yt) = datasets.mnist.load_data()
        print(np.unique(y[idx]))
    ''',
    "a job loader returning a site column as the labels": '''
        def load2():
            (a, b), t = datasets.cifar10.load_data()
            return (a, site["patient_id"].values), t
        (x, y), (xt, yt) = load2()
        print(np.unique(y[idx]))
    ''',
    "the loader patched": '''
        datasets.cifar10.load_data = lambda: ((site.values, site["patient_id"].values),) * 2
        (x, y), (xt, yt) = datasets.cifar10.load_data()
        print(np.unique(y[idx]))
    ''',
    "labels written in place": '''
        (x, y), (xt, yt) = load()
        y[: len(site), 0] = site["patient_id"].values
        print(np.unique(y[idx]))
    ''',
    "labels written through a view": '''
        (x, y), (xt, yt) = load()
        v = y[:100]
        v[:, 0] = site["patient_id"].values[:100]
        print(np.unique(y))
    ''',
    "labels written through an alias": '''
        (x, y), (xt, yt) = load()
        z = y
        z[:5, 0] = site["patient_id"].values[:5]
        print(np.unique(y[idx]))
    ''',
    "labels written by a closure": '''
        (x, y), (xt, yt) = load()
        def fill():
            y[:, 0] = site["patient_id"].values[: len(y)]
        fill()
        print(np.unique(y[idx]))
    ''',
    "the array handed out by a closure and written": '''
        (x, y), (xt, yt) = load()
        def labels():
            return y
        labels()[:5, 0] = site["patient_id"].values[:5]
        print(np.unique(y[idx]))
    ''',
    "a view made in a comprehension and written": '''
        (x, y), (xt, yt) = load()
        views = [y[:5] for _ in range(1)]
        views[0][:, 0] = site["patient_id"].values[:5]
        print(np.unique(y[idx]))
    ''',
    "labels rebound to a site column on a branch": '''
        (x, y), (xt, yt) = load()
        if idx.size:
            y = site["patient_id"].values
        print(np.unique(y[idx]))
    ''',
    "labels written after the count, in a loop": '''
        (x, y), (xt, yt) = load()
        for _ in range(2):
            print(np.unique(y[idx]))
            y[0, 0] = site["patient_id"].values[0]
    ''',
    "a walrus rebinding inside the argument": '''
        (x, y), (xt, yt) = load()
        print(np.unique((y := site["patient_id"].values)[idx]))
    ''',
    "np.unique's return_inverse": '''
        (x, y), (xt, yt) = load()
        print(np.unique(y[idx], return_inverse=True))
    ''',
    "np.unique's return_inverse, positional": '''
        (x, y), (xt, yt) = load()
        print(np.unique(y[idx], False, True))
    ''',
    "np.bincount weighted by a site column": '''
        (x, y), (xt, yt) = load()
        print(np.bincount(y[idx][:, 0], weights=site["age"].values[: len(idx)]))
    ''',
    "an index sized by one patient's value": '''
        (x, y), (xt, yt) = load()
        print(np.unique(y[np.full(int(site["age"].iloc[0]), 0)], return_counts=True))
    ''',
}


@pytest.mark.parametrize("body", COUNTED.values(), ids=COUNTED.keys())
def test_label_distribution_is_accepted(body):
    kit.assert_accepted(scan(body))


@pytest.mark.parametrize("body", HELD.values(), ids=HELD.keys())
def test_what_is_not_the_label_array_is_held(body):
    kit.assert_held(scan(body), "update-channel-leak.")


def test_at_module_level_the_labels_are_not_proven():
    # a module's global may be written by any function of the job: only a function's locals are proven
    source = HEAD.split("def load():")[0] + '''(x, y), (xt, yt) = datasets.cifar10.load_data()
idx = np.load("/tmp/cifar10_splits/site-1.npy")
print(np.unique(y[idx], return_counts=True))
'''
    kit.assert_held(kit.scan_text(source), "update-channel-leak.unknown-provenance")


def test_a_planted_cache_is_a_write_of_the_site_data():
    # Keras reads an extracted folder unchecked (Session 51): the labels stay uint8, and the job's own write of the
    # site's rows there is what holds it
    report = scan('''
        import os
        import pickle
        cache = os.path.expanduser("~/.keras/datasets/cifar-10-batches-py")
        for name in ["data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5", "test_batch"]:
            batch = {b"data": np.zeros((10000, 3072), "uint8"), b"labels": site["age"].values.tolist()}
            pickle.dump(batch, open(os.path.join(cache, name), "wb"))
        (x, y), (xt, yt) = load()
        print(np.unique(yt, return_counts=True))
    ''')
    kit.assert_held(report, "file-exfiltration.")


def test_the_histogram_sent_to_the_server_is_still_reviewed():
    # a histogram of rows a site file chose is a statistic of them: the log may hold it, the update is reviewed
    report = scan('''
        (x, y), (xt, yt) = load()
        unq, cnt = np.unique(y[idx], return_counts=True)
        flare.init()
        flare.send(flare.FLModel(params={}, metrics={"counts": cnt.tolist()}))
    ''')
    kit.assert_held(report, "update-channel-leak.unknown-provenance", Decision.ESCALATE)


def test_a_job_package_named_tensorflow_is_not_keras(tmp_path: Path):
    client = HEAD.split("def load():")[0] + '''

def main():
    idx = np.load("/tmp/cifar10_splits/site-1.npy")
    (x, y), (xt, yt) = datasets.cifar10.load_data()
    print(np.unique(y[idx], return_counts=True))


main()
'''
    fake = '''import pandas as pd


def load_data():
    site = pd.read_csv("/data/site/patients.csv")
    return (site.values, site["name"].values), (site.values, site["name"].values)
'''
    report = kit.scan_files(tmp_path, {"client.py": client, "tensorflow/__init__.py": "",
                                       "tensorflow/keras/__init__.py": "",
                                       "tensorflow/keras/datasets/__init__.py": "from . import cifar10\n",
                                       "tensorflow/keras/datasets/cifar10.py": fake})
    kit.assert_held(report, "update-channel-leak.unknown-provenance")


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/nvflare52a_*"))
def test_corpus_attempts_are_held(sample):
    kit.assert_held(kit.scan_sample(sample), "update-channel-leak.")


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_nvflare52a_*"))
def test_corpus_twins_are_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))
