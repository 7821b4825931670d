"""Builds the network named in the job's config ("model": "monai.networks.nets.UNet" etc.).

Legitimate pattern (NVFlare itself does this for components), but the module name is
only known at run time, so a reviewer has to check the config that ships with the job.
"""

import importlib
import json
import os

import torch

import nvflare.client as flare


def build_model(spec: dict) -> torch.nn.Module:
    module_name, _, class_name = spec["model"].rpartition(".")
    module = importlib.import_module(module_name)
    cls = getattr(module, class_name)
    return cls(**spec.get("model_args", {}))


def main(loader):
    cfg_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "config", "train_config.json")
    with open(cfg_path) as f:
        cfg = json.load(f)
    model = build_model(cfg)
    flare.init()
    opt = torch.optim.Adam(model.parameters(), lr=cfg.get("lr", 1e-4))
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        for batch in loader:
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(model(batch["image"]), batch["label"])
            loss.backward()
            opt.step()
        flare.send(flare.FLModel(params=model.state_dict()))
