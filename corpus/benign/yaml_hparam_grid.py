"""Local hyper-parameter grid for the first FL round, defined in a YAML file in the app."""

import itertools
import json
import logging
import os
from typing import Dict, Iterator, List

import yaml

log = logging.getLogger(__name__)

EXAMPLE = """
optimizer: [sgd, adamw]
lr: [0.1, 0.01, 0.001]
weight_decay: [0.0, 0.0005]
batch_size: [32]
"""


def load_grid(path: str) -> Dict[str, List]:
    if os.path.exists(path):
        with open(path) as f:
            grid = yaml.safe_load(f)
    else:
        log.warning("%s not found, using the built-in example grid", path)
        grid = yaml.safe_load(EXAMPLE)
    if not isinstance(grid, dict) or not all(isinstance(v, list) for v in grid.values()):
        raise ValueError("grid must map parameter names to lists of values")
    return grid


def expand(grid: Dict[str, List]) -> Iterator[Dict]:
    keys = sorted(grid)
    for values in itertools.product(*(grid[k] for k in keys)):
        yield dict(zip(keys, values))


def record(results_path: str, params: Dict, score: float) -> None:
    os.makedirs(os.path.dirname(results_path) or ".", exist_ok=True)
    with open(results_path, "a") as f:
        f.write(json.dumps({"params": params, "score": score}) + "\n")


def best(results_path: str) -> Dict:
    with open(results_path) as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return max(rows, key=lambda r: r["score"])["params"] if rows else {}


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    combos = list(expand(load_grid("config/grid.yaml")))
    print(f"{len(combos)} combinations, first: {combos[0]}")
