"""Session 30's hostile job files, shared by the CLI tests (tests/test_harden30.py) and the POC test
(tests/e2e/test_harden30_poc.py): nesting, memory bombs under 1 KB, eval behind decoys."""

from __future__ import annotations

import json

DEPTHS = (2_000, 100_000)


def deep_py(depth: int) -> str:
    return "x = " + "[" * depth + "]" * depth + "\n"


def deep_json(depth: int) -> str:
    return "[" * depth + "]" * depth


def deep_yaml(depth: int) -> str:
    return "a: " + "[" * depth + "]" * depth + "\n"


def deep_notebook(depth: int) -> str:
    """A notebook whose one code cell nests `depth` brackets, inside JSON that nests as deep."""
    cell = {"cell_type": "code", "source": [deep_py(depth)], "metadata": {"x": json.loads(deep_json(min(depth, 500)))},
            "outputs": []}
    text = json.dumps({"cells": [cell], "nbformat": 4, "nbformat_minor": 5, "metadata": {}})
    return text.replace('"metadata": {}}', '"metadata": {"deep": ' + deep_json(depth) + "}}", 1)


# (file name under the app, builder, whether the job must be blocked), each written beside a clean executor.
# Data no code of the job reads is never parsed when the job runs: accepted as data (docs/site-admin.md).
DEEP_FILES = (("custom/deep.py", deep_py, True), ("custom/deep.ipynb", deep_notebook, True),
              ("config/deep.json", deep_json, None), ("custom/deep.json", deep_json, False),
              ("custom/deep.yaml", deep_yaml, False))


def yaml_laughs() -> str:
    """627 bytes of YAML: 9^11 strings once its aliases are expanded."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 12)]
    return "\n".join(lines) + "\nformat_version: 2\ncomponents: []\nbomb: *a11\n"


def json_expansion() -> str:
    """448 bytes of client config: NVFlare's {name} substitution makes 10^7 x 10 characters of `{a}`."""
    keys = "abcdefgh"
    doc: dict = {"format_version": 2}
    for here, there in zip(keys, keys[1:]):
        doc[here] = ("{%s}" % there) * 10
    doc[keys[-1]] = "x" * 10
    doc["executors"] = [{"tasks": ["train"], "executor": {"path": "np_exec.AddOne", "args": {"delta": "{a}"}}}]
    doc["components"] = []
    return json.dumps(doc)


_HARMLESS = ("abs", "len", "str", "repr", "hash", "id", "print", "sorted", "min", "max", "sum", "any", "all", "bool",
             "int", "float", "list", "tuple", "set", "dict")


def eval_behind_decoys(at: int, decoys: int = 100) -> str:
    """`f` may be any of 101 callables, one of them eval (the `at`-th), and is called on a job-chosen string."""
    lines = ["import sys", "", "f = print"]
    for i in range(decoys + 1):
        value = "eval" if i == at else _HARMLESS[i % len(_HARMLESS)]
        lines.append(f"if len(sys.argv) > {i + 1}:\n    f = {value}")
    return "\n".join(lines) + "\nf(sys.argv[-1])\n"
