"""Model, losses and data of the MLX app; the client app imports them."""

import mlx.core as mx
import mlx.nn as nn
import numpy as np
from flwr_datasets import FederatedDataset
from flwr_datasets.partitioner import IidPartitioner


class MLP(nn.Module):
    def __init__(self, num_layers: int, input_dim: int, hidden_dim: int, output_dim: int = 10):
        super().__init__()
        sizes = [input_dim] + [hidden_dim] * num_layers + [output_dim]
        self.layers = [nn.Linear(i, o) for i, o in zip(sizes[:-1], sizes[1:])]

    def __call__(self, x):
        for layer in self.layers[:-1]:
            x = mx.maximum(layer(x), 0.0)
        return self.layers[-1](x)


def get_params(model):
    return [np.array(v) for layer in model.parameters()["layers"] for _, v in layer.items()]


def set_params(model, arrays):
    model.update({"layers": [{"weight": mx.array(arrays[i]), "bias": mx.array(arrays[i + 1])}
                             for i in range(0, len(arrays), 2)]})


def loss_fn(model, X, y):
    # mlx leaves cross_entropy unreduced (one loss per sample); the mean reduces it over every row
    return mx.mean(nn.losses.cross_entropy(model(X), y))


def eval_fn(model, X, y):
    return mx.mean(mx.argmax(model(X), axis=1) == y)


def batch_iterate(batch_size, X, y):
    perm = mx.array(np.random.permutation(y.size))
    for s in range(0, y.size, batch_size):
        ids = perm[s : s + batch_size]
        yield X[ids], y[ids]


def load_data(partition_id: int, num_partitions: int):
    fds = FederatedDataset(dataset="ylecun/mnist", partitioners={"train": IidPartitioner(num_partitions)})
    splits = fds.load_partition(partition_id).train_test_split(test_size=0.2, seed=42)
    splits["train"].set_format("numpy")
    splits["test"].set_format("numpy")
    train = splits["train"].map(lambda img: {"img": img.reshape(-1, 784).squeeze().astype(np.float32) / 255.0},
                                input_columns="image")
    test = splits["test"].map(lambda img: {"img": img.reshape(-1, 784).squeeze().astype(np.float32) / 255.0},
                              input_columns="image")
    train.set_format("numpy")
    test.set_format("numpy")
    return (mx.array(train[:]["img"]), mx.array(train[:]["label"]),
            mx.array(test[:]["img"]), mx.array(test[:]["label"]))
