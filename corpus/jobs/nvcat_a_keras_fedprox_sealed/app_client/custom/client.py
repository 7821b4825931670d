"""FedProx with Keras (as advanced/cifar10/tf/cifar10_fedprox): the proximal loss is set on the
model each round, `model.loss = TFFedProxLoss(...)`, on a Sequential subclass from net.py."""

import argparse
import copy

import tensorflow as tf
from net import SmallCNN
from tensorflow.keras import datasets, losses

import nvflare.client as flare
from nvflare.app_opt.tf.fedprox_loss import TFFedProxLoss


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--fedprox_mu", type=float, default=0.01)
    args = parser.parse_args()

    flare.init()
    (x, y), (xt, yt) = datasets.cifar10.load_data()
    x, xt = x / 255.0, xt / 255.0

    model = SmallCNN()
    model.build(input_shape=(None, 32, 32, 3))
    loss = losses.SparseCategoricalCrossentropy(from_logits=True)
    model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.01), loss=loss, metrics=["accuracy"])

    while flare.is_running():
        received = flare.receive()
        for name, weights in received.params.items():
            model.get_layer(name).set_weights(weights)
        if args.fedprox_mu > 0:
            local_weights = model.trainable_variables
            global_weights = copy.deepcopy(model.trainable_variables)
            model.loss = TFFedProxLoss(local_weights, global_weights, args.fedprox_mu, loss)
        model.fit(x, y, epochs=args.epochs, verbose=0)
        _, acc = model.evaluate(xt, yt, verbose=0)
        flare.send(flare.FLModel(params={l.name: l.get_weights() for l in model.layers}, metrics={"accuracy": acc}))


if __name__ == "__main__":
    main()
