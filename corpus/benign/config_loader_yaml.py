"""Training configuration: defaults, a YAML file shipped with the job, and CLI overrides."""

import argparse
import copy
import logging
import os
from dataclasses import asdict, dataclass, field

import yaml

logger = logging.getLogger(__name__)


@dataclass
class OptimConfig:
    name: str = "sgd"
    lr: float = 0.01
    momentum: float = 0.9
    weight_decay: float = 5e-4


@dataclass
class TrainConfig:
    data_root: str = "/data"
    train_file: str = "train.csv"
    valid_file: str = "valid.csv"
    batch_size: int = 32
    local_epochs: int = 1
    seed: int = 0
    optim: OptimConfig = field(default_factory=OptimConfig)


def _merge(base: dict, override: dict) -> dict:
    out = copy.deepcopy(base)
    for k, v in override.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = v
    return out


def load_config(path: str = "config/train.yaml", overrides=None) -> TrainConfig:
    raw = asdict(TrainConfig())
    if os.path.exists(path):
        with open(path, "r", encoding="utf-8") as f:
            file_cfg = yaml.safe_load(f) or {}
        unknown = set(file_cfg) - set(raw)
        if unknown:
            raise ValueError(f"unknown config keys in {path}: {sorted(unknown)}")
        raw = _merge(raw, file_cfg)
    raw = _merge(raw, overrides or {})
    raw["data_root"] = os.environ.get("DATA_ROOT", raw["data_root"])
    optim = OptimConfig(**raw.pop("optim"))
    cfg = TrainConfig(optim=optim, **raw)
    logger.info("config: %s", cfg)
    return cfg


def parse_args(argv=None) -> TrainConfig:
    p = argparse.ArgumentParser()
    p.add_argument("--config", default="config/train.yaml")
    p.add_argument("--batch_size", type=int)
    p.add_argument("--local_epochs", type=int)
    p.add_argument("--lr", type=float)
    a = p.parse_args(argv)
    overrides = {k: v for k, v in {"batch_size": a.batch_size, "local_epochs": a.local_epochs}.items() if v is not None}
    if a.lr is not None:
        overrides["optim"] = {"lr": a.lr}
    return load_config(a.config, overrides)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    print(parse_args())
