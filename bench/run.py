"""jobgate against bandit and semgrep on the same files, in one run.

    .venv/bin/python bench/run.py [--rounds N] [--json bench/results.json]   (or: make bench)

Corpora: a typical job (seven benign files of corpus/, about 600 lines, as one
job folder), the labelled corpus/, and a fixed subset of this interpreter's
standard library. Beside the tools, the floor of any libcst-based analysis: a
process that only parses every file with libcst. Every tool runs as its users run it (a fresh process, JSON
output to /dev/null), alternating within each round so that load on the
machine falls on all alike; the table gives medians, lines/s, the ratio to
bandit, and each process's peak memory. Also: jobgate's in-process decision
latency for the typical job (median and 95th percentile of 50 runs).
Timings are compared as ratios within this run, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
POLICY = Path(__file__).with_name("policy.yaml")
SEMGREP_RULES = ROOT / "analyzer" / "engine" / "engines" / "semgrep_rules.yaml"
STDLIB_SUBSET = ("json", "http", "email", "logging", "asyncio", "concurrent", "xml", "unittest")
TYPICAL = ("pt_cifar10_client_api.py", "pt_text_classifier.py", "nvx_pt_cifar_client_eval.py", "pt_tabular_mlp.py",
           "pt_learner_segmentation.py", "pt_lightning_client.py", "pt_model_def.py")


def _lines(tree: Path) -> int:
    return sum(p.read_bytes().count(b"\n") for p in tree.rglob("*.py"))


def corpora(work: Path) -> dict[str, Path]:
    typical = work / "typical_job"
    custom = typical / "app" / "custom"
    custom.mkdir(parents=True)
    for name in TYPICAL:
        shutil.copy(ROOT / "corpus" / "benign" / name, custom / name)
    (typical / "app" / "config").mkdir()
    (typical / "app" / "config" / "config_fed_client.json").write_text(json.dumps({
        "format_version": 2, "executors": [{"tasks": ["train"], "executor": {
            "path": "nvflare.app_opt.pt.client_api_launcher_executor.PTClientAPILauncherExecutor",
            "args": {"launcher_id": "launcher"}}}], "components": []}))
    (typical / "meta.json").write_text(json.dumps({"name": "typical", "deploy_map": {"app": ["@ALL"]}}))
    return {"typical job": typical, "corpus/": ROOT / "corpus", "stdlib subset": stdlib_subset(work / "stdlib_subset")}


def stdlib_subset(dest: Path) -> Path:
    """Copy the fixed subset of this interpreter's standard library to dest (bench/speed.sh uses it too)."""
    for name in STDLIB_SUBSET:
        shutil.copytree(Path(sysconfig.get_paths()["stdlib"]) / name, dest / name,
                        ignore=shutil.ignore_patterns("__pycache__", "test", "tests"))
    return dest


# The floor of any libcst-based analysis: parse every file, nothing else.
BARE_PARSE = ("import libcst, pathlib, sys\n"
              "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.py')):\n"
              "    try:\n"
              "        libcst.parse_module(p.read_bytes())\n"
              "    except Exception:\n"  # corpus/ holds files that do not parse, on purpose
              "        pass\n")


def tools(tree: Path, cache: Path) -> dict[str, list[str]]:
    scan = [str(BIN / "jobgate"), "scan", "--policy", str(POLICY), "--format", "json", "--output", os.devnull]
    return {
        "libcst parse": [sys.executable, "-c", BARE_PARSE, str(tree)],
        "jobgate cold": [*scan, "--no-cache", "--jobs", "1", str(tree)],
        "jobgate warm": [*scan, "--cache-dir", str(cache), "--jobs", "1", str(tree)],
        "jobgate parallel": [*scan, "--no-cache", "--jobs", str(os.cpu_count() or 1), str(tree)],
        "bandit": [str(BIN / "bandit"), "-q", "-r", "-f", "json", "-o", os.devnull, str(tree)],
        "semgrep": [str(BIN / "semgrep"), "scan", "--config", str(SEMGREP_RULES), "--json", "--quiet",
                    "--metrics", "off", "--disable-version-check", "--output", os.devnull, str(tree)],
    }


def run(cmd: list[str]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak resident KiB) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1, 3):  # 1/3: findings, as expected
        sys.exit(f"{' '.join(cmd[:2])} failed with exit status {code}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def latency(job: Path, runs: int = 50) -> dict[str, float]:
    """jobgate's decision for the typical job inside one process (what a site pays per job start)."""
    sys.path.insert(0, str(ROOT))
    from analyzer import api

    policy = api.load_policy()
    api.scan(job, policy)  # warm: rule packs and catalogue loaded once per process
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        api.scan(job, policy)
        samples.append(time.perf_counter() - start)
    samples.sort()
    return {"median_ms": 1000 * statistics.median(samples), "p95_ms": 1000 * samples[int(0.95 * (runs - 1))]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path, default=Path(__file__).with_name("results.json"))
    args = parser.parse_args()
    results: dict = {"rounds": args.rounds, "cpus": os.cpu_count(), "corpora": {}}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for label, tree in corpora(work).items():
            cache = work / f"cache-{len(results['corpora'])}"
            cmds = tools(tree, cache)
            subprocess.run(cmds["jobgate warm"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fill it
            samples: dict[str, list[tuple[float, float, int]]] = {name: [] for name in cmds}
            for _ in range(args.rounds):
                for name, cmd in cmds.items():
                    samples[name].append(run(cmd))
            lines = _lines(tree)
            rows = {}
            for name, s in samples.items():
                wall = statistics.median(x[0] for x in s)
                rows[name] = {"wall_s": wall, "cpu_s": statistics.median(x[1] for x in s),
                              "peak_mib": max(x[2] for x in s) / 1024, "lines_per_s": lines / wall}
            bandit = rows["bandit"]
            for row in rows.values():
                row["wall_vs_bandit"] = row["wall_s"] / bandit["wall_s"]
                row["cpu_vs_bandit"] = row["cpu_s"] / bandit["cpu_s"]
            rows["jobgate cold"]["cold_vs_warm"] = rows["jobgate cold"]["wall_s"] / rows["jobgate warm"]["wall_s"]
            rows["jobgate parallel"]["speedup_vs_single"] = (rows["jobgate cold"]["wall_s"]
                                                             / rows["jobgate parallel"]["wall_s"])
            rows["jobgate cold"]["cpu_vs_bare_parse"] = rows["jobgate cold"]["cpu_s"] / rows["libcst parse"]["cpu_s"]
            results["corpora"][label] = {"lines": lines, "tools": rows}
        results["in_process_typical_job"] = latency(work / "typical_job")
    print_table(results)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwritten: {args.json}")


def print_table(results: dict) -> None:
    for label, corpus in results["corpora"].items():
        print(f"\n{label}: {corpus['lines']} lines, median of {results['rounds']} round(s)")
        print(f"  {'tool':<18}{'wall s':>8}{'CPU s':>8}{'lines/s':>10}{'x bandit':>10}{'CPU x':>8}{'peak MiB':>10}")
        for name, r in corpus["tools"].items():
            print(f"  {name:<18}{r['wall_s']:8.2f}{r['cpu_s']:8.2f}{r['lines_per_s']:10.0f}"
                  f"{r['wall_vs_bandit']:10.2f}{r['cpu_vs_bandit']:8.2f}{r['peak_mib']:10.0f}")
        tools_ = corpus["tools"]
        print(f"  cold / warm cache: {tools_['jobgate cold']['cold_vs_warm']:.1f}x; "
              f"parallel speed-up: {tools_['jobgate parallel']['speedup_vs_single']:.2f}x; "
              f"cold CPU / bare libcst parse: {tools_['jobgate cold']['cpu_vs_bare_parse']:.2f}x")
    lat = results["in_process_typical_job"]
    print(f"\nin-process decision, typical job: median {lat['median_ms']:.0f} ms, p95 {lat['p95_ms']:.0f} ms")


if __name__ == "__main__":
    main()
