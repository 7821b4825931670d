"""Collect and digest: every file counted, the digest stable and sensitive."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from analyzer.engine.collect import NothingToAnalyse, collect
from analyzer.policy import load_policy

LIMITS = load_policy().limits


def _job(root: Path) -> Path:
    (root / "app_client/custom").mkdir(parents=True)
    (root / "app_client/config").mkdir(parents=True)
    (root / "app_server/config").mkdir(parents=True)
    (root / "meta.json").write_text(json.dumps(
        {"name": "j", "deploy_map": {"app_server": ["server"], "app_client": ["site-1", "site-2"]}}))
    (root / "app_client/custom/train.py").write_text("print('hi')\n")
    (root / "app_client/config/config_fed_client.json").write_text("{}")
    (root / "app_server/config/config_fed_server.json").write_text("{}")
    return root


def test_nvflare_job_covers_client_apps_only(tmp_path: Path) -> None:
    content = collect(_job(tmp_path / "job"), LIMITS)
    assert content.unit_kind == "nvflare-job" and content.name == "j"
    assert [f.path for f in content.files] == ["app_client/config/config_fed_client.json", "app_client/custom/train.py"]
    assert {f.kind for f in content.files} == {"config", "python"}


def test_digest_ignores_location_and_mtime(tmp_path: Path) -> None:
    a = collect(_job(tmp_path / "a"), LIMITS).digest
    shutil.copytree(tmp_path / "a", tmp_path / "elsewhere/b")
    os.utime(tmp_path / "elsewhere/b/app_client/custom/train.py", (1, 1))
    assert collect(tmp_path / "elsewhere/b", LIMITS).digest == a


def test_digest_changes_with_one_byte_a_rename_an_addition(tmp_path: Path) -> None:
    root = _job(tmp_path / "job")
    seen = {collect(root, LIMITS).digest}
    (root / "app_client/custom/train.py").write_text("print('hj')\n")
    seen.add(collect(root, LIMITS).digest)
    (root / "app_client/custom/train.py").rename(root / "app_client/custom/train2.py")
    seen.add(collect(root, LIMITS).digest)
    (root / "app_client/custom/extra.txt").write_text("")
    seen.add(collect(root, LIMITS).digest)
    assert len(seen) == 4


def test_server_only_app_does_not_change_client_digest(tmp_path: Path) -> None:
    root = _job(tmp_path / "job")
    before = collect(root, LIMITS).digest
    (root / "app_server/config/config_fed_server.json").write_text('{"changed": 1}')
    assert collect(root, LIMITS).digest == before


def test_deployed_app_folder_has_the_job_digest(tmp_path: Path) -> None:
    root = _job(tmp_path / "job")
    site_copy = tmp_path / "ws/run_1/app_site-1"
    shutil.copytree(root / "app_client", site_copy)
    assert collect(site_copy, LIMITS, app_name="app_client").digest == collect(root, LIMITS).digest


def test_over_limit_files_are_findings_and_the_digest_is_marked_incomplete(tmp_path: Path) -> None:
    limits = LIMITS.model_copy(update={"max_files": 2})
    root = tmp_path / "f"
    root.mkdir()
    for i in range(3):
        (root / f"m{i}.py").write_text("x = 1\n")
    content = collect(root, limits)
    assert not content.complete
    assert [f.rule for f in content.findings] == ["unanalyzable.limit-files"]
    full = collect(root, LIMITS)
    assert content.digest != full.digest


def test_symlink_is_a_finding_and_not_followed(tmp_path: Path) -> None:
    root = tmp_path / "u"
    root.mkdir()
    (root / "data").symlink_to("/etc")
    content = collect(root, LIMITS)
    assert [f.rule for f in content.findings] == ["unanalyzable.symlink"]
    assert content.data == {}


def test_malformed_meta_json_is_a_finding(tmp_path: Path) -> None:
    root = tmp_path / "j"
    root.mkdir()
    (root / "meta.json").write_text("{not json")
    (root / "x.py").write_text("")
    content = collect(root, LIMITS)
    assert "unanalyzable.meta-json" in [f.rule for f in content.findings]
    assert "x.py" in [f.path for f in content.files]


def test_nvflare_submission_signatures_do_not_change_the_digest(tmp_path: Path) -> None:
    root = _job(tmp_path / "job")
    before = collect(root, LIMITS).digest
    for folder in (root, root / "app_client", root / "app_client/custom"):
        (folder / ".__nvfl_sig.json").write_text('{"sig": "random each submission"}')
        (folder / ".__nvfl_submitter.crt").write_text("-----BEGIN CERTIFICATE-----")
    assert collect(root, LIMITS).digest == before


def test_top_level_files_of_a_job_never_reach_a_client(tmp_path: Path) -> None:
    root = _job(tmp_path / "job")
    before = collect(root, LIMITS).digest
    (root / "README.md").write_text("notes")
    assert collect(root, LIMITS).digest == before


def _meta(root: Path, deploy_map: object) -> None:
    (root / "meta.json").write_text(json.dumps({"name": "j", "deploy_map": deploy_map}))


@pytest.mark.parametrize("deploy_map", [
    {"app_client": {"targets": ["site-1"]}, "app_server": {"targets": ["server"]}},
    {"app_client": {"sites": ["site-1", "site-2"]}, "app_server": "server"},
    {"app_client": [{"targets": ["site-1"]}, "site-2"], "app_server": [{"sites": ["server"]}]},
    {"app_client": "@ALL", "app_server": ["server"]},
])
def test_every_deploy_map_form_nvflare_reads_collects_the_client_app(tmp_path: Path, deploy_map: dict) -> None:
    root = _job(tmp_path / "job")
    expected = collect(root, LIMITS).digest
    _meta(root, deploy_map)
    content = collect(root, LIMITS)
    assert content.unit_kind == "nvflare-job" and content.digest == expected
    assert "app_client/custom/train.py" in content.data


@pytest.mark.parametrize("deploy_map", [
    {"app_client": {"clients": ["site-1"]}},
    {"app_client": [{"sites": ["site-1"], "extra": 1}]},
    {"app_client": [{"sites": "site-1"}]},
    {"app_client": 7},
    {"app_client": [["site-1"]]},
    {"../app_client": ["site-1"]},
    {"app_client/custom": ["site-1"]},
    [],
])
def test_a_deploy_map_form_the_gate_does_not_read_is_an_error_not_an_empty_job(tmp_path: Path, deploy_map) -> None:
    root = _job(tmp_path / "job")
    _meta(root, deploy_map)
    content = collect(root, LIMITS)
    problems = [f for f in content.findings if f.rule == "unanalyzable.meta-json"]
    assert problems and problems[0].never_accept
    assert "app_client/custom/train.py" in content.data  # the whole folder is still analysed


def test_a_text_file_and_a_symlink_with_the_same_bytes_have_different_digests(tmp_path: Path) -> None:
    text, link = tmp_path / "text", tmp_path / "link"
    text.mkdir()
    link.mkdir()
    (text / "x").write_bytes(b"/data/x")
    (link / "x").symlink_to("/data/x")
    a, b = collect(text, LIMITS), collect(link, LIMITS)
    assert a.files[0].sha256 == b.files[0].sha256  # the same bytes: the link's target
    assert a.digest != b.digest


def test_a_job_with_no_client_app_is_nothing_to_analyse(tmp_path: Path) -> None:
    root = _job(tmp_path / "job")
    _meta(root, {"app_server": ["server"]})
    with pytest.raises(NothingToAnalyse, match="nothing to analyse"):
        collect(root, LIMITS)


def test_an_empty_folder_is_nothing_to_analyse(tmp_path: Path) -> None:
    (tmp_path / "empty/sub").mkdir(parents=True)
    (tmp_path / "empty/.__nvfl_sig.json").write_text("{}")
    with pytest.raises(NothingToAnalyse):
        collect(tmp_path / "empty", LIMITS)


def test_past_the_file_limit_code_is_read_before_padding(tmp_path: Path) -> None:
    limits = LIMITS.model_copy(update={"max_files": 5})
    root = tmp_path / "u"
    (root / "pkg/sub").mkdir(parents=True)
    (root / "pkg/sub/payload.py").write_text("import os\n")
    (root / "run.sh").write_text("echo\n")
    for i in range(20):
        (root / f"aa_pad_{i:02d}.txt").write_text("x\n")
    content = collect(root, limits)
    assert {"pkg/sub/payload.py", "run.sh"} <= set(content.data)
    assert not content.complete and [f.rule for f in content.findings] == ["unanalyzable.limit-files"]


def test_listing_is_bounded_too(tmp_path: Path, monkeypatch) -> None:
    import analyzer.engine.collect as collect_module

    monkeypatch.setattr(collect_module, "LISTING_FACTOR", 2)
    root = tmp_path / "u"
    root.mkdir()
    for i in range(30):
        (root / f"f{i:02d}.py").write_text("")
    content = collect(root, LIMITS.model_copy(update={"max_files": 5}))
    assert len(content.files) == 5 and not content.complete
    assert "was not listed" in content.findings[0].message
