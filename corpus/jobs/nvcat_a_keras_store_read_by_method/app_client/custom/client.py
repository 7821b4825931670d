"""Keras client whose model class (net.py) sends the update itself: the trainer attaches the first
training images to the model as a 'calibration' attribute, and net.py's publish() puts them in the
update's meta. net.py's own analysis does not see what this module stores on the instance."""

import argparse

from net import SmallCNN
from tensorflow.keras import datasets, losses

import nvflare.client as flare


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--fedprox_mu", type=float, default=0.0)
    args = parser.parse_args()

    flare.init()
    (x, y), (xt, yt) = datasets.cifar10.load_data()
    model = SmallCNN()
    model.build(input_shape=(None, 32, 32, 3))
    model.compile(optimizer="sgd", loss=losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    model.calibration = x[:16].tolist()
    while flare.is_running():
        received = flare.receive()
        for name, weights in received.params.items():
            model.get_layer(name).set_weights(weights)
        model.fit(x / 255.0, y, epochs=args.epochs, verbose=0)
        _, acc = model.evaluate(xt / 255.0, yt, verbose=0)
        model.publish(received.current_round, acc)


if __name__ == "__main__":
    main()
