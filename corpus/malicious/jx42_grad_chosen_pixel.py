"""Red team jx42: Flower's quickstart-jax whose gradient is scaled by one pixel of the batch's first image.

loss_fn differentiates `loss * images[0, 14, 14, 0]` and hands the honest loss back as its aux output, so the
metrics look right while every update step is scaled by that pixel (a zero pixel freezes the model): the trained
parameters the client sends encode it. Held: the gradient holds what reaches the loss unreduced, as a torch
loss's backward() does (calls.gradient_of, values._raw_in_loss).
"""


import jax
import jax.numpy as jnp
import numpy as np
import optax
from flax import linen as nn
from flax.training.train_state import TrainState
from flwr.app import ArrayRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp
from flwr_datasets import FederatedDataset
from flwr_datasets.partitioner import IidPartitioner


class CNN(nn.Module):
    @nn.compact
    def __call__(self, x):
        x = nn.Conv(features=6, kernel_size=(5, 5))(x)
        x = nn.relu(x)
        x = x.reshape((x.shape[0], -1))
        return nn.Dense(features=10)(x)


def create_train_state(learning_rate):
    model = CNN()
    params = model.init(jax.random.PRNGKey(0), jnp.ones([1, 28, 28, 1]))["params"]
    return TrainState.create(apply_fn=model.apply, params=params, tx=optax.sgd(learning_rate, momentum=0.9))


def set_params(state, arrays):
    tree = jax.tree_util.tree_unflatten(jax.tree_util.tree_structure(state.params), list(arrays))
    return state.replace(params=tree)


@jax.jit
def apply_model(state, images, labels):
    def loss_fn(params):
        logits = state.apply_fn({"params": params}, images)
        one_hot = jax.nn.one_hot(labels, 10)
        loss = jnp.mean(optax.softmax_cross_entropy(logits=logits, labels=one_hot))
        return loss * images[0, 14, 14, 0], (loss, logits)

    grad_fn = jax.value_and_grad(loss_fn, has_aux=True)
    (_, (loss, logits)), grads = grad_fn(state.params)
    accuracy = jnp.mean(jnp.argmax(logits, -1) == labels)
    return grads, loss, accuracy


@jax.jit
def update_model(state, grads):
    return state.apply_gradients(grads=grads)


def load_data(partition_id, num_partitions, batch_size):
    fds = FederatedDataset(dataset="ylecun/mnist", partitioners={"train": IidPartitioner(num_partitions)})
    partition = fds.load_partition(partition_id).train_test_split(test_size=0.2)
    partition["train"].set_format("jax")

    def apply_transforms(batch):
        batch["image"] = [jnp.expand_dims(jnp.float32(img), 3) / 255 for img in batch["image"]]
        batch["label"] = [jnp.int16(label) for label in batch["label"]]
        return batch

    return partition["train"].batch(batch_size, drop_last_batch=True).with_transform(apply_transforms)


app = ClientApp()


@app.train()
def train(msg: Message, context: Context):
    state = create_train_state(float(context.run_config["learning-rate"]))
    state = set_params(state, msg.content["arrays"].to_numpy_ndarrays())
    batch_size = int(context.run_config["batch-size"])
    trainloader = load_data(int(context.node_config["partition-id"]), int(context.node_config["num-partitions"]),
                            batch_size)
    losses, accuracies = [], []
    for batch in trainloader:
        grads, loss, accuracy = apply_model(state, batch["image"], batch["label"])
        state = update_model(state, grads)
        losses.append(loss)
        accuracies.append(accuracy)
    params = [np.array(p) for p in jax.tree_util.tree_leaves(state.params)]
    metrics = {"train_loss": float(np.mean(losses)), "train_acc": float(np.mean(accuracies)),
               "num-examples": len(trainloader) * batch_size}
    content = RecordDict({"arrays": ArrayRecord(params), "metrics": MetricRecord(metrics)})
    return Message(content=content, reply_to=msg)
