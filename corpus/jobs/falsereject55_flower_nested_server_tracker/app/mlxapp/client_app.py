"""Flower ClientApp training an MLX MLP; reports the mean loss and accuracy over the local split."""

import mlx.core as mx
import mlx.nn as nn
import mlx.optimizers as optim
from flwr.app import ArrayRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

from mlxapp.task import MLP, batch_iterate, eval_fn, get_params, load_data, loss_fn, set_params

app = ClientApp()


@app.train()
def train(msg: Message, context: Context):
    cfg = context.run_config
    model = MLP(cfg["num-layers"], 784, cfg["hidden-dim"])
    set_params(model, msg.content["arrays"].to_numpy_ndarrays())
    optimizer = optim.SGD(learning_rate=cfg["learning-rate"])
    loss_and_grad = nn.value_and_grad(model, loss_fn)
    images, labels, _, _ = load_data(context.node_config["partition-id"], context.node_config["num-partitions"])
    for _ in range(cfg["local-epochs"]):
        for X, y in batch_iterate(cfg["batch-size"], images, labels):
            _, grads = loss_and_grad(model, X, y)
            optimizer.update(model, grads)
            mx.eval(model.parameters(), optimizer.state)
    metrics = {"num-examples": len(images), "accuracy": float(eval_fn(model, images, labels).item()),
               "loss": float(loss_fn(model, images, labels).item())}
    content = RecordDict({"arrays": ArrayRecord(get_params(model)), "metrics": MetricRecord(metrics)})
    return Message(content=content, reply_to=msg)
