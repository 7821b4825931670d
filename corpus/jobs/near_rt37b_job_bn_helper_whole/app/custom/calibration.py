"""Warm-up of a model's normalisation layers before the round's training."""

import torch


def warm_up(net, rows):
    net.train()
    with torch.no_grad():
        net(rows)
