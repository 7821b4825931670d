"""Job arguments: a share of the site's rows sized by a command-line option is vouched for only when every command
line the job's configs hand the script gives the option a bounded value (analyzer/engine/flow/arguments.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer import api
from analyzer.engine.collect import collect
from analyzer.engine.detectors.configs import command_lines

POLICY = api.load_policy()

PARSER = '''def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--val_share", type=float, default=0.5)
    parser.add_argument("--batch_size", type=int, default=32)
    return parser.parse_args()
'''
# a validation share set by the job's config (array_split parts are no shares: see
# tests/test_flow_benign_idioms.py and corpus/malicious/lead_array_split_vs_slice.py)
CLIENT = '''import argparse

import numpy as np
from sklearn.model_selection import train_test_split

import nvflare.client as flare


{parser}

def main():
    args = parse_args()
{before}    flare.init()
    x = np.load("/data/site/features.npy")
    mine, _ = train_test_split(x, test_size=args.val_share, random_state=0)
    while flare.is_running():
        model = flare.receive()
        flare.send(flare.FLModel(params=model.params, metrics={{"mean": float(mine.mean())}}))


if __name__ == "__main__":
    main()
'''


def in_process(args: str | None) -> dict:
    executor = {"execution_mode": "in_process", "task_script_path": "client.py", "params_exchange_format": "numpy"}
    if args is not None:
        executor["task_script_args"] = args
    return {"format_version": 2, "executors": [{"tasks": ["*"], "executor": {
        "path": "nvflare.app_common.executors.client_api_executor.ClientAPIExecutor", "args": executor}}],
        "components": [], "task_data_filters": [], "task_result_filters": []}


def make_job(root: Path, configs: dict[str, dict] | None, parser: str = PARSER, before: str = "",
             extra: dict[str, str] | None = None, client: str = CLIENT) -> Path:
    """A job whose apps (name -> client config) each ship the client; no config at all: a bare folder."""
    source = client.format(parser=parser, before=before)
    if configs is None:
        root.mkdir(parents=True, exist_ok=True)
        (root / "client.py").write_text(source)
        return root
    for app, config in configs.items():
        (root / app / "config").mkdir(parents=True)
        (root / app / "custom").mkdir()
        (root / app / "config" / "config_fed_client.json").write_text(json.dumps(config, indent=1))
        (root / app / "custom" / "client.py").write_text(source)
        for rel, text in (extra or {}).items():
            (root / app / "custom" / rel).write_text(text)
    (root / "meta.json").write_text(json.dumps({"name": "j", "deploy_map": {a: ["@ALL"] for a in configs}}))
    return root


def decision(root: Path) -> str:
    return api.scan(root, POLICY).decision.value


@pytest.mark.parametrize("args", ["--val_share 0.5 --batch_size 64", "--batch_size 64", "--val_share 0.1",
                                  "--val_share=0.25", "--val 0.35"])
def test_a_part_of_a_bounded_split_is_vouched_for(tmp_path: Path, args: str) -> None:
    report = api.scan(make_job(tmp_path, {"app": in_process(args)}), POLICY)
    assert report.decision.value == "accept", report.findings


@pytest.mark.parametrize("args", [
    "--val_share 0.001",  # a share of one row in a thousand
    "--val 0.001",  # an abbreviation argparse accepts
    "--val_share 0.5 --val_share 0.001",  # the last one wins
    "--val_share=0.001",
    "--val_share 0",  # no share at all
    "--val_share ${secret:PARTS}",  # the site's environment fills it in
    "--val_share {parts}",  # NVFlare fills it in (the site's variables first, then the config's top level)
    "--val_share '0.5'",  # quotes a launcher may split otherwise
    "--val_share 0.5 -h",  # argparse exits: a script that catches SystemExit goes on as it likes
    "--val_share 0.5 --unknown 1",  # argparse refuses it
])
def test_an_option_a_config_sets_past_the_bound_or_unreadably_escalates(tmp_path: Path, args: str) -> None:
    assert decision(make_job(tmp_path, {"app": in_process(args)})) == "escalate"


def test_a_default_past_the_bound_escalates(tmp_path: Path) -> None:
    parser = PARSER.replace("default=0.5", "default=0.001")
    assert decision(make_job(tmp_path, {"app": in_process("--batch_size 64")}, parser)) == "escalate"


def test_without_a_config_the_command_line_is_unknown(tmp_path: Path) -> None:
    assert decision(make_job(tmp_path, None)) == "escalate"


def test_every_app_counts(tmp_path: Path) -> None:
    configs = {"app_site-1": in_process("--val_share 0.5"), "app_site-2": in_process("--val_share 0.001")}
    assert decision(make_job(tmp_path, configs)) == "escalate"


def test_an_external_process_command_line(tmp_path: Path) -> None:
    def external(command: str) -> dict:
        config = in_process(None)
        config["executors"][0]["executor"]["args"] = {"execution_mode": "external_process", "command": command}
        return config

    assert decision(make_job(tmp_path / "a", {"app": external("python3 -u custom/client.py --val_share 0.2")})) \
        == "accept"
    assert decision(make_job(tmp_path / "b", {"app": external("python3 -u custom/client.py --val_share 0.003")})) \
        == "escalate"
    assert decision(make_job(tmp_path / "c", {"app": external("bash -c 'python3 custom/client.py'")})) != "accept"


@pytest.mark.parametrize("before", [
    "    args.val_share = 0.001\n",  # the namespace written after parsing
    "    args = argparse.Namespace(val_share=0.001)\n",  # rebound to a namespace of the code's own
    "    vars(args).update(val_share=0.001)\n",
    "    tune(args)\n",  # handed to code that could write it
    "    sys.argv[1:] = ['--val_share', '0.001']\n",
    "    a = sys.argv\n    a += ['--val_share', '0.001']\n",
    "    getattr(sys, 'ar' + 'gv')[2] = '0.001'\n",
])
def test_a_namespace_or_command_line_the_code_changes_escalates(tmp_path: Path, before: str) -> None:
    parser = "import sys\n\n\ndef tune(ns):\n    ns.val_share = 0.001\n\n\n" + PARSER
    assert decision(make_job(tmp_path, {"app": in_process("--val_share 0.5")}, parser, before)) != "accept"


def test_another_module_changing_the_command_line_escalates(tmp_path: Path) -> None:
    before = "    import tuning  # noqa\n"
    extra = {"tuning.py": "import sys\n\nsys.argv.extend(['--val_share', '0.001'])\nargv = sys.argv\n"
                          "argv[1:3] = ['--val_share', '0.001']\n"}
    assert decision(make_job(tmp_path, {"app": in_process("--val_share 0.5")}, before=before, extra=extra)) \
        == "escalate"


@pytest.mark.parametrize("parser", [
    PARSER.replace('    parser.add_argument("--val_share", type=float, default=0.5)\n',
                   '    if True:\n        parser.add_argument("--val_share", type=float, default=0.5)\n'),
    PARSER.replace("type=float, default=0.5", "type=lambda s: float(s) / 500, default=0.5"),
    PARSER.replace("type=float, default=0.5", "type=float, default=0.5, nargs='?', const=0.001"),
    PARSER.replace("return parser.parse_args()", "return parser.parse_known_args()[0]"),
    PARSER.replace("return parser.parse_args()", "return parser.parse_args(['--val_share', '0.5'])"),
    PARSER.replace("parser = argparse.ArgumentParser()", "parser = argparse.ArgumentParser(fromfile_prefix_chars='@')"),
    PARSER.replace("    return parser.parse_args()", "    parser.set_defaults(val_share=0.001)\n"
                                                    "    return parser.parse_args()"),
    "def parse_args():\n    parser = argparse.ArgumentParser()\n    parser.add_argument('--val_share', type=float)\n"
    "    args = parser.parse_args()\n    parser.add_argument('--num', type=int, default=1)\n    return args\n",
    # an option added after parsing: `--val 0.002` abbreviated --val_share when the command line was parsed
    "PARSER = argparse.ArgumentParser()\nPARSER.add_argument('--val_share', type=float, default=0.5)\n\n\n"
    "def parse_args():\n    return PARSER.parse_args()\n",  # built at module level: anything may add to it
])
def test_a_parser_the_gate_does_not_rebuild_escalates(tmp_path: Path, parser: str) -> None:
    assert decision(make_job(tmp_path, {"app": in_process("--val_share 0.5")}, parser)) == "escalate"


def test_a_parser_returned_to_callers_that_parse(tmp_path: Path) -> None:
    parser = PARSER.replace("def parse_args():", "def define():").replace("return parser.parse_args()",
                                                                        "return parser") + \
        "\n\ndef parse_args():\n    return define().parse_args()\n"
    assert decision(make_job(tmp_path / "a", {"app": in_process("--val_share 0.5")}, parser)) == "accept"
    grown = parser + "\n\ndef grow():\n    p = define()\n    p.add_argument('--num', type=int, default=1)\n"
    assert decision(make_job(tmp_path / "b", {"app": in_process("--val_share 0.5")}, grown)) == "escalate"


def test_command_lines_of_a_job(tmp_path: Path) -> None:
    job = make_job(tmp_path / "a", {"app": in_process("--a 1  --b 7"), "other": in_process(None)})
    assert command_lines(collect(job, POLICY.limits)) == ((), ("--a", "1", "--b", "7"))
    # the site's command line and environment config may set {x} before the config's own top level does
    config = in_process("--a {x}")
    config["x"] = "7"
    assert command_lines(collect(make_job(tmp_path / "d", {"app": config}), POLICY.limits)) is None
    assert command_lines(collect(make_job(tmp_path / "b", None), POLICY.limits)) is None
    assert command_lines(collect(make_job(tmp_path / "c", {"app": in_process("--a $HOME")}), POLICY.limits)) is None


def test_the_cache_keeps_results_apart_per_command_line(tmp_path: Path) -> None:
    """The same client bytes under another config are analysed again, never read back from the cache."""
    cache = tmp_path / "cache"
    first = make_job(tmp_path / "a", {"app": in_process("--val_share 0.5")})
    second = make_job(tmp_path / "b", {"app": in_process("--val_share 0.001")})
    assert api.analyze(collect(first, POLICY.limits), POLICY, cache=cache).decision.value == "accept"
    assert api.analyze(collect(second, POLICY.limits), POLICY, cache=cache).decision.value == "escalate"


SPLIT = """import argparse

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

import nvflare.client as flare


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--test_size", type=float, default=0.2)
    return parser.parse_args()
{parser}

def main():
    args = parse_args()
{before}    flare.init()
    x = np.load("/data/site/x.npy")
    y = np.load("/data/site/y.npy")
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=args.test_size, random_state=0)
    while flare.is_running():
        flare.receive()
        clf = LogisticRegression().fit(x_train, y_train)
        flare.send(flare.FLModel(params={{"coef": clf.coef_}}, metrics={{"accuracy": clf.score(x_test, y_test)}}))


if __name__ == "__main__":
    main()
"""


@pytest.mark.parametrize(("args", "expected"), [("--test_size 0.25", "accept"), ("", "accept"),
                                                ("--test_size 1", "escalate"), ("--test_size 0.001", "escalate")])
def test_a_random_split_sized_by_an_option(tmp_path: Path, args: str, expected: str) -> None:
    job = make_job(tmp_path, {"app": in_process(args)}, parser="", client=SPLIT)
    assert decision(job) == expected


HELPER = '''import argparse

import numpy as np
from sklearn.model_selection import train_test_split

import nvflare.client as flare


{parser}

def split_for_client(images, client_name, val_share):
    share = max(val_share, 0.1)
    return train_test_split(images, test_size=share, random_state=0)[1]


def main():
    args = parse_args()
{before}    flare.init()
    site = flare.get_site_name()
    x = np.load("/data/site/features.npy")
    mine = split_for_client(x, site, args.val_share)
    while flare.is_running():
        model = flare.receive()
        flare.send(flare.FLModel(params=model.params, metrics={{"mean": float(mine.mean())}}))


if __name__ == "__main__":
    main()
'''


def test_a_parameter_holds_what_the_calls_pass(tmp_path: Path) -> None:
    assert decision(make_job(tmp_path, {"app": in_process("--val_share 0.3")}, client=HELPER)) == "accept"


@pytest.mark.parametrize(("before", "extra"), [
    ("    cut = split_for_client\n", None),  # a value: called from anywhere
    ("    import again  # noqa: F401\n",
     {"again.py": "from client import split_for_client\n\nsplit_for_client([], 'site-1', 0.002)\n"}),
])
def test_a_parameter_passed_other_values_escalates(tmp_path: Path, before: str, extra: dict | None) -> None:
    job = make_job(tmp_path, {"app": in_process("--val_share 0.3")}, before=before, extra=extra, client=HELPER)
    assert decision(job) == "escalate"
