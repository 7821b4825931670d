"""TensorFlow/Keras client using the NVFlare Client API (weights exchanged as numpy lists)."""

import os

import numpy as np
import tensorflow as tf

import nvflare.client as flare

BATCH = 64


def build_model(input_shape=(28, 28, 1), n_classes=10):
    model = tf.keras.Sequential([
        tf.keras.layers.Input(shape=input_shape),
        tf.keras.layers.Conv2D(32, 3, activation="relu"),
        tf.keras.layers.MaxPooling2D(),
        tf.keras.layers.Conv2D(64, 3, activation="relu"),
        tf.keras.layers.GlobalAveragePooling2D(),
        tf.keras.layers.Dense(64, activation="relu"),
        tf.keras.layers.Dense(n_classes, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def load_npz(path):
    with np.load(path, allow_pickle=False) as d:
        return d["x_train"][..., None] / 255.0, d["y_train"], d["x_test"][..., None] / 255.0, d["y_test"]


def main():
    x_train, y_train, x_test, y_test = load_npz(os.path.join(os.environ.get("DATA_ROOT", "/data"), "mnist.npz"))
    model = build_model()

    flare.init()
    while flare.is_running():
        in_model = flare.receive()
        for layer in model.layers:
            if layer.name in in_model.params:
                layer.set_weights(in_model.params[layer.name])
        _, global_acc = model.evaluate(x_test, y_test, verbose=0)
        model.fit(x_train, y_train, epochs=1, batch_size=BATCH, validation_split=0.1, verbose=2)
        out = {layer.name: layer.get_weights() for layer in model.layers if layer.get_weights()}
        flare.send(
            flare.FLModel(
                params=out,
                metrics={"accuracy": float(global_acc)},
                meta={"NUM_STEPS_CURRENT_ROUND": int(np.ceil(len(x_train) * 0.9 / BATCH))},
            )
        )


if __name__ == "__main__":
    main()
