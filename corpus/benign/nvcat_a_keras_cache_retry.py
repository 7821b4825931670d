"""TensorFlow CIFAR-10 client (Client API), as NVFlare's TF examples load the data: a failed
load removes Keras's own copy of CIFAR-10 (~/.keras/datasets/cifar-10-batches-py) and tries
again, under a file lock shared by the sites of a simulation."""

import os
import shutil
import time

import tensorflow as tf
from filelock import FileLock, Timeout
from tensorflow.keras import datasets, layers, losses, models

import nvflare.client as flare


def load_cifar10(retries=3, delay=5):
    lock = FileLock(os.path.join("/tmp", "cifar10_download.lock"))
    for attempt in range(retries):
        try:
            with lock:
                if attempt > 0:
                    cache = os.path.join(os.path.expanduser("~/.keras/datasets"), "cifar-10-batches-py")
                    if os.path.exists(cache):
                        shutil.rmtree(cache)
                return datasets.cifar10.load_data()
        except Timeout:
            time.sleep(delay)
    raise RuntimeError("CIFAR-10 could not be loaded")


def main():
    flare.init()
    (x, y), (xt, yt) = load_cifar10()
    model = models.Sequential([layers.Conv2D(32, 3, activation="relu"), layers.Flatten(), layers.Dense(10)])
    model.compile(optimizer="sgd", loss=losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    model.build(input_shape=(None, 32, 32, 3))
    while flare.is_running():
        received = flare.receive()
        for name, weights in received.params.items():
            model.get_layer(name).set_weights(weights)
        model.fit(x / 255.0, y, epochs=1, verbose=0)
        _, acc = model.evaluate(xt / 255.0, yt, verbose=0)
        flare.send(flare.FLModel(params={l.name: l.get_weights() for l in model.layers}, metrics={"accuracy": acc}))


if __name__ == "__main__":
    main()
