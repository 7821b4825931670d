"""Pre-flight validation of the job's own training config.

The word list below only contains *strings* that must not appear in user-supplied
config values (so a typo'd config cannot smuggle a shell command into a file path);
nothing in this module runs or imports them.
"""

import json
import logging
import os
import re

log = logging.getLogger(__name__)

FORBIDDEN_SUBSTRINGS = ["os.system", "subprocess", "eval(", "exec(", "__import__", "requests.post", "curl ", "| sh"]
PATH_KEYS = ("train_file", "valid_file", "label_map")
SAFE_NAME = re.compile(r"^[A-Za-z0-9_.\-/]+$")


class ConfigError(ValueError):
    pass


def validate(cfg: dict, data_root: str) -> dict:
    problems = []
    for key, value in cfg.items():
        if isinstance(value, str) and any(bad in value for bad in FORBIDDEN_SUBSTRINGS):
            problems.append(f"{key}: suspicious content")
    for key in PATH_KEYS:
        value = cfg.get(key)
        if value is None:
            continue
        if not SAFE_NAME.match(value) or ".." in value.split("/"):
            problems.append(f"{key}: not a plain relative file name: {value!r}")
            continue
        full = os.path.realpath(os.path.join(data_root, value))
        if not full.startswith(os.path.realpath(data_root) + os.sep):
            problems.append(f"{key}: escapes the data root")
    if not 0 < float(cfg.get("lr", 0.01)) < 1:
        problems.append("lr must be in (0, 1)")
    if problems:
        raise ConfigError("; ".join(problems))
    return cfg


def load_and_validate(path="config/train.json"):
    with open(path) as f:
        cfg = json.load(f)
    cfg = validate(cfg, os.environ.get("DATA_ROOT", "/data"))
    log.info("config OK: %s", sorted(cfg))
    return cfg


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    print(validate({"train_file": "train.csv", "lr": 0.1}, "/data"))
