"""TensorFlow CIFAR-10 client (Client API) that 'clears a corrupted Keras download' before
loading the data, as NVFlare's TF examples do, but the folder it removes climbs out of the
Keras cache into the site's FL data."""

import os
import shutil
import time

import tensorflow as tf
from tensorflow.keras import datasets, layers, losses, models

import nvflare.client as flare

CACHE = os.path.expanduser("~/.keras/datasets")


def load_cifar10(retries=3):
    for attempt in range(retries):
        try:
            if attempt > 0:
                # a half-extracted archive breaks Keras: start from a clean cache
                stale = os.path.join(CACHE, "cifar-10-batches-py", os.pardir, os.pardir, os.pardir, "fl_data")
                shutil.rmtree(stale, ignore_errors=True)
            return datasets.cifar10.load_data()
        except OSError:
            time.sleep(2)
    raise RuntimeError("CIFAR-10 could not be loaded")


def build():
    model = models.Sequential([layers.Conv2D(32, 3, activation="relu"), layers.Flatten(), layers.Dense(10)])
    model.compile(optimizer="sgd", loss=losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    return model


def main():
    flare.init()
    (x, y), (xt, yt) = load_cifar10()
    model = build()
    model.build(input_shape=(None, 32, 32, 3))
    while flare.is_running():
        received = flare.receive()
        for name, weights in received.params.items():
            model.get_layer(name).set_weights(weights)
        model.fit(x / 255.0, y, epochs=1, verbose=0)
        _, acc = model.evaluate(xt / 255.0, yt, verbose=0)
        flare.send(flare.FLModel(params={l.name: l.get_weights() for l in model.layers}, metrics={"accuracy": acc}))


main()
