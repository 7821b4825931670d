"""Red team 43c: NVFlare jobs written by an adversary who read the gate's source.

Class paths through another module: NVFlare builds a component with `load_class`, which imports the module before
the last dot and takes the attribute (nvflare/fuel/utils/class_loader.py), so any module that imports a class
builds that class: `nvflare.app_opt.tf.file_model_locator.TFModelPersistor`, `nvflare.app_opt.flower.flower_job.
MetricRelay`, `nvflare.app_opt.pt.PTFileModelPersistor` (a package re-export), or a job module's
`from nvflare... import X as Y`. The trusted family vouched for the path as written, and the argument lists of
rules/lists/launchers.yaml (unpickled-path-arguments, workspace-path-arguments, tracker-uri-arguments) compared
it as written too: each of their attacks was accepted again. A component now counts as the class its module
defines (library_classes.home_class, _Job.built).

PTFileModelPersistor's own paths: `global_model_file_name` and `best_global_model_file_name` are joined to the
app folder with os.path.join and replaced with the saved model (os.replace); an absolute
`source_ckpt_file_full_name` is loaded as the initial model a swarm client sends to every other site, and the
model files sit in the inventory cross-site evaluation hands out (nvflare/app_opt/pt/file_model_persistor.py).
The app's config/environment.json gives the same persistor a checkpoint folder and file (APP_CKPT_DIR, APP_CKPT).
They join workspace-path-arguments (and checkpoint-environment-keys).
"""

from __future__ import annotations

import json
import shutil

import pytest

import redteam_kit as kit
from analyzer.engine.library_classes import home_class

SWARM = "jobs/near_rt26_swarm_persistor_state_dict"  # a swarm job whose client config builds the persistor first
PERSISTOR = "nvflare.app_opt.pt.file_model_persistor.PTFileModelPersistor"


def swarm_job(tmp_path, path: str = PERSISTOR, args: dict | None = None, environment: dict | None = None,
              custom: dict[str, str] | None = None):
    """The report on the swarm job with its persistor built from `path` with `args` added (the app's
    environment.json holding `environment`, and the job's `custom` modules added)."""
    root = tmp_path / "job"
    shutil.copytree(kit.CORPUS / SWARM, root)
    config_path = root / "app" / "config" / "config_fed_client.json"
    config = json.loads(config_path.read_text())
    persistor = config["components"][0]
    persistor["path"] = path
    persistor["args"].update(args or {})
    config_path.write_text(json.dumps(config, indent=2))
    if environment is not None:
        (root / "app" / "config" / "environment.json").write_text(json.dumps(environment))
    for name, text in (custom or {}).items():
        (root / "app" / "custom" / name).write_text(text)
    return kit.scan(root)


@pytest.mark.parametrize("sample", kit.corpus_samples("jobs/rt43c_*"))
def test_attack_is_held(sample):
    kit.assert_held(kit.scan_sample(sample))


@pytest.mark.parametrize("sample", kit.corpus_samples("jobs/near_rt43c_*"))
def test_near_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


@pytest.mark.parametrize("written, home", [
    ("nvflare.app_opt.tf.file_model_locator.TFModelPersistor", "nvflare.app_opt.tf.model_persistor.TFModelPersistor"),
    ("nvflare.app_opt.pt.PTFileModelPersistor", PERSISTOR),
    ("nvflare.app_opt.flower.flower_job.MetricRelay", "nvflare.app_common.widgets.metric_relay.MetricRelay"),
    (PERSISTOR, PERSISTOR),
    ("nvflare.app_opt.pt.no_such_module.X", "nvflare.app_opt.pt.no_such_module.X"),
])
def test_home_class_follows_imports(written, home):
    assert home_class(written) == home


@pytest.mark.parametrize("args", [
    {"global_model_file_name": "../../local/privacy.json"},
    {"best_global_model_file_name": "/srv/share/best.pt"},
    {"source_ckpt_file_full_name": "/data/models/site_finetuned.pt"},
])
@pytest.mark.parametrize("path", [PERSISTOR, "nvflare.app_opt.pt.PTFileModelPersistor",
                                  "nvflare.app_opt.pt.recipes.swarm.PTFileModelPersistor"])
def test_persistor_paths_outside_the_workspace(tmp_path, path, args):
    kit.assert_held(swarm_job(tmp_path, path, args), "config-attack.component-folder-outside")


def test_persistor_paths_inside_the_app(tmp_path):
    kit.assert_accepted(swarm_job(tmp_path, "nvflare.app_opt.pt.recipes.swarm.PTFileModelPersistor", {
        "global_model_file_name": "swarm_global.pt", "best_global_model_file_name": "models/best.pt"}))


def test_job_module_import_of_a_listed_class(tmp_path):
    """`from nvflare... import PTFileModelPersistor as SitePersistor` in the job's own module: the same class."""
    report = swarm_job(tmp_path, "persistors.SitePersistor", {"global_model_file_name": "../../local/privacy.json"},
                       custom={"persistors.py": f"from {PERSISTOR.rpartition('.')[0]} import PTFileModelPersistor "
                                                "as SitePersistor\n"})
    kit.assert_held(report, "config-attack.component-folder-outside")


@pytest.mark.parametrize("environment", [{"APP_CKPT": "/data/models/site.pt"}, {"APP_CKPT_DIR": "../../local"},
                                         {"APP_CKPT_DIR": "/srv/share"}])
def test_environment_checkpoint_outside(tmp_path, environment):
    kit.assert_held(swarm_job(tmp_path, environment=environment), "config-attack.component-folder-outside")


def test_environment_checkpoint_inside(tmp_path):
    kit.assert_accepted(swarm_job(tmp_path, environment={"APP_CKPT_DIR": "ckpt", "APP_CKPT": "ckpt/start.pt"}))


@pytest.mark.parametrize("hops", [1, 4, 5, 6])
def test_chain_of_job_modules_to_a_re_export(tmp_path, hops):
    """`m1.SitePersistor` re-exported through `hops` job modules, the last importing it from a package that
    re-exports it: at 5 hops the library path was judged as written (the home class skipped at the depth bound),
    so the persistor's folder outside the workspace went unreported. Past the bound it is now untrusted."""
    custom = {f"m{i}.py": f"from m{i + 1} import SitePersistor\n" for i in range(1, hops)}
    custom[f"m{hops}.py"] = "from nvflare.app_opt.pt import PTFileModelPersistor as SitePersistor\n"
    report = swarm_job(tmp_path, "m1.SitePersistor", {"global_model_file_name": "../../local/privacy.json"},
                       custom=custom)
    assert {"config-attack.component-folder-outside", "config-attack.untrusted-component"} & {
        f.rule for f in report.findings}
