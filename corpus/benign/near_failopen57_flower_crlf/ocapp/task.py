"""A logistic regression on a partition of MNIST in torch: data, one epoch of training, the weights."""

from collections import OrderedDict

import torch
from flwr_datasets import FederatedDataset
from flwr_datasets.partitioner import IidPartitioner


def load_partition(partition_id: int, num_partitions: int):
    fds = FederatedDataset(dataset="ylecun/mnist", partitioners={"train": IidPartitioner(num_partitions)})
    part = fds.load_partition(partition_id).with_format("torch")
    X = part["image"].reshape(len(part), -1).float() / 255.0
    return X, part["label"]


def get_weights(net):
    return [v.cpu().numpy() for v in net.state_dict().values()]


def set_weights(net, arrays):
    net.load_state_dict(OrderedDict((k, torch.tensor(v)) for k, v in zip(net.state_dict().keys(), arrays)))


def train_epoch(net, X, y, lr):
    opt = torch.optim.SGD(net.parameters(), lr=lr)
    for i in range(0, len(y), 64):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(X[i:i + 64]), y[i:i + 64])
        loss.backward()
        opt.step()
    return loss.item()
