"""Session 57 (speed57): the detectors' own tables of call-name patterns are compiled as their modules are imported,
through regexes.compiled, so a start after the first builds them from the stored codes; each start compiled them
again at the first call name tested against them. Their answers are fnmatch's, as before."""

from __future__ import annotations

import fnmatch
import json
import os
import subprocess
import sys
from pathlib import Path

from analyzer.engine import regexes
from analyzer.engine.detectors import obfuscation, paths, remote_code, telemetry

ROOT = Path(__file__).resolve().parents[1]
DETECTORS = ("/detectors/obfuscation.py", "/detectors/remote_code.py", "/detectors/paths.py", "/detectors/telemetry.py")

TABLES = {
    "decoders": obfuscation._DECODERS,
    "hidden-text": obfuscation._HIDDEN_TEXT_CALLS,
    "fetch": remote_code._FETCH,
    "launchers": tuple(paths._LAUNCHERS),
    "url-readers": tuple(g for g, _ in paths._URL_READER_GLOBS),
    "trackers": tuple(p for p, _ in telemetry._TRACKERS if any(ch in p for ch in "*?[")),
}

# Names each table is asked about: its entries' own spellings, near misses, and names crossing a call or a dot.
NAMES = sorted({name for table in TABLES.values() for p in table
                for name in (p, p.replace("*", "x"), p.replace("*", ""), p.replace("*", "a.b"), p + "()", p + "x",
                             "x" + p, p.replace(".", "_"), p.rstrip("*") + "().z")}
               | {"subprocess.run", "os.execv", "os.systemx", "base64.b64decode", "requests.get", "", "*"})

# The patterns `re` compiles while the analysis of `target` runs, in a fresh interpreter (the CLI's scan, in process).
COUNT_ANALYSIS_COMPILES = """
import json, os, sys
from re import _compiler
from analyzer import api
from analyzer.commands import cli
compiled, analysing = [], [False]
compile_ = _compiler.compile
def counting(text, flags=0):
    if analysing[0]:  # [the pattern, the module that asked for it]
        frame = sys._getframe(1)
        while frame.f_code.co_filename.endswith(("/re/__init__.py", "/fnmatch.py", "/functools.py", "/regexes.py")):
            frame = frame.f_back
        compiled.append([str(text), frame.f_code.co_filename])
    return compile_(text, flags)
_compiler.compile = counting
analysed = api._analysed
def counted(*args):
    analysing[0] = True
    try:
        return analysed(*args)
    finally:
        analysing[0] = False
api._analysed = counted
api._within_budget = lambda fn, args, policy, apart=None: fn(*args)
out = sys.stdout
sys.stdout = open(os.devnull, "w")
try:
    cli.main(["scan", "--no-cache", "--format", "json", sys.argv[1]], standalone_mode=False)
except SystemExit:
    pass
out.write(json.dumps(compiled))
"""

JOB = """import base64
import inspect
import subprocess

import requests
import transformers
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter


def main():
    text = requests.get("https://example.org/a").text
    print(base64.b64decode(text), inspect.getsource(main))
    subprocess.run(["ls", "-l"], check=False)
    transformers.AutoModel.from_pretrained("https://example.org/m")
    OTLPSpanExporter(endpoint="https://collector.example.org")


main()
"""


def _analysis_compiles(target: Path, cache_home: Path) -> list[list[str]]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", COUNT_ANALYSIS_COMPILES, str(target)], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=300)
    assert proc.stdout.startswith("["), proc.stderr[-3000:]
    return json.loads(proc.stdout)


def test_a_later_start_compiles_none_of_the_tables_patterns(tmp_path: Path) -> None:
    job = tmp_path / "job"
    job.mkdir()
    (job / "train.py").write_text(JOB)
    _analysis_compiles(job, tmp_path)  # the first start: the configuration's patterns kept in the cache folder
    later = _analysis_compiles(job, tmp_path)
    asked = [(text, module) for text, module in later if text in _table_patterns() and module.endswith(DETECTORS)]
    assert asked == [], asked
    assert any(module.endswith(DETECTORS) for _, module in later)  # the count sees these detectors' other patterns


def _table_patterns() -> set[str]:
    """The regular expressions of the tables: each glob's, and each joined table's (obfuscation.name_pattern)."""
    joined = ("decoders", "hidden-text", "fetch")
    return ({fnmatch.translate(p) for name, table in TABLES.items() if name not in joined for p in table}
            | {"|".join(fnmatch.translate(p) for p in TABLES[name]) for name in joined})


def test_each_glob_answers_as_fnmatch() -> None:
    for table in TABLES.values():
        for pattern in table:
            matches = regexes.glob(pattern)
            assert [bool(matches(n)) for n in NAMES] == [fnmatch.fnmatchcase(n, pattern) for n in NAMES], pattern


def test_a_joined_table_answers_as_any_of_its_globs() -> None:
    for table in (obfuscation._DECODERS, obfuscation._HIDDEN_TEXT_CALLS, remote_code._FETCH):
        matches = obfuscation.name_pattern(table)
        assert [bool(matches(n)) for n in NAMES] == [any(fnmatch.fnmatchcase(n, p) for p in table) for n in NAMES]
        assert obfuscation.any_name(NAMES, table) == next(
            (n for n in NAMES if any(fnmatch.fnmatchcase(n, p) for p in table)), None)


def test_the_tables_keep_their_entries_and_order() -> None:
    assert [p for p, _ in paths._LAUNCHER_GLOBS] == list(paths._LAUNCHERS)
    assert [g for g, _ in paths._URL_READER_GLOBS] == sorted(n for n in paths._URL_READERS if "*" in n)
    assert len(telemetry._GLOBS) == len(TABLES["trackers"])
    for (matches, check), (pattern, kept) in zip(telemetry._GLOBS, (t for t in telemetry._TRACKERS
                                                                      if any(ch in t[0] for ch in "*?["))):
        assert check is kept and matches.__self__.pattern == fnmatch.translate(pattern)
