"""FedAvg client for a small MNIST MLP (NVFlare Client API)."""
import numpy as np
import nvflare.client as flare
from tensorflow.keras.datasets import mnist


def train(w, x, y, lr=0.1):
    logits = x @ w
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(y)), y] -= 1.0
    return w - lr * x.T @ p / len(y)


def main():
    (x, y), _ = mnist.load_data()
    x = x.reshape(len(x), -1).astype("float32") / 255.0
    flare.init()
    while flare.is_running():
        model = flare.receive()
        w = np.asarray(model.params["w"], dtype="float32")
        for _ in range(5):
            w = train(w, x, y)
        flare.send(flare.FLModel(params={"w": w}, metrics={"loss": 0.0}))


if __name__ == "__main__":
    main()
