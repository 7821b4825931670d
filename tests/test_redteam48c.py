"""Red team 48c: the harm carried by a job's config, not its Python.

NVFlare components of trusted families (rules/catalogue, default_policy.yaml trusted_modules) that join an argument
to the app's folder with os.path.join and never check that it stays there: an absolute path or a climb with `..`
leaves the job's workspace. FedXGBTreeExecutor saves its booster to `local_model_path` / `global_model_path`
(nvflare/app_opt/xgboost/tree_based/executor.py `initialize`), TFModelPersistor loads and saves weights at
`save_name` (nvflare/app_opt/tf/model_persistor.py), JoblibModelParamPersistor joblib.loads and dumps `save_name`
(nvflare/app_opt/sklearn/joblib_model_param_persistor.py `load_model`), EventRecorder appends its records to
`log_file_name` (nvflare/app_common/widgets/event_recorder.py). Main accepted the first three; each joins
rules/lists/launchers.yaml `workspace-path-arguments` (config-attack.component-folder-outside).
"""

from __future__ import annotations

import json
import shutil

import pytest

import redteam_kit as kit

BASE = "jobs/benign_pt_client_api"
OUTSIDE = "config-attack.component-folder-outside"
CASES = {
    "xgb_local_model": ("nvflare.app_opt.xgboost.tree_based.executor.FedXGBTreeExecutor", "local_model_path",
                        "model.json", "../../../../data/site-1/train.csv"),
    "xgb_global_model": ("nvflare.app_opt.xgboost.tree_based.executor.FedXGBTreeExecutor", "global_model_path",
                         "model_global.json", "/srv/data/site-1/global.json"),
    "tf_save_name": ("nvflare.app_opt.tf.model_persistor.TFModelPersistor", "save_name",
                     "tf_model.weights.h5", "/srv/models/site.weights.h5"),
    "joblib_save_name": ("nvflare.app_opt.sklearn.joblib_model_param_persistor.JoblibModelParamPersistor",
                         "save_name", "model_param.joblib", "/tmp/shared/init.joblib"),
    "event_log": ("nvflare.app_common.widgets.event_recorder.EventRecorder", "log_file_name",
                  "events.txt", "../../../local/privacy.json"),
}


def with_component(tmp_path, path: str, args: dict):
    """The report on the plain client API job with one more component built from `path` with `args`."""
    root = tmp_path / "job"
    shutil.copytree(kit.CORPUS / BASE, root)
    config_path = root / "app" / "config" / "config_fed_client.json"
    config = json.loads(config_path.read_text())
    config["components"].append({"id": "extra", "path": path, "args": args})
    config_path.write_text(json.dumps(config, indent=2))
    return kit.scan(root)


@pytest.mark.parametrize("case", sorted(CASES))
def test_argument_outside_the_workspace_is_flagged(tmp_path, case):
    path, key, _, outside = CASES[case]
    kit.assert_held(with_component(tmp_path, path, {key: outside}), OUTSIDE)


@pytest.mark.parametrize("case", sorted(CASES))
def test_argument_inside_the_workspace_is_not(tmp_path, case):
    path, key, inside, _ = CASES[case]
    assert OUTSIDE not in kit.rules(with_component(tmp_path, path, {key: inside}))


@pytest.mark.parametrize("sample", kit.corpus_samples("jobs/rt48c_*"))
def test_attack_is_held(sample):
    kit.assert_held(kit.scan_sample(sample))


@pytest.mark.parametrize("sample", kit.corpus_samples("jobs/near_rt48c_*"))
def test_near_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


# ---- matplotlibrc: matplotlib reads ./matplotlibrc from the working directory, the app folder of a launched trainer --

MPL_JOB = "jobs/near_rt48c_matplotlibrc_style"
MPL_RULE = "config-attack.matplotlibrc-code"


def with_matplotlibrc(tmp_path, text: str):
    root = tmp_path / "job"
    shutil.copytree(kit.CORPUS / MPL_JOB, root)
    (root / "app" / "matplotlibrc").write_text(text)
    return kit.scan(root)


@pytest.mark.parametrize("text", [
    "backend: WebAgg\nwebagg.address: 0.0.0.0\n",
    "backend : module://antigravity\n",
    'backend: "nbAgg"  # notebook\n',
    "figure.hooks: plot_style:apply\n",
    "text.usetex: True\n",
    "animation.ffmpeg_path: /tmp/x/ffmpeg\n",
])
def test_matplotlibrc_that_runs_code_is_held(tmp_path, text):
    kit.assert_held(with_matplotlibrc(tmp_path, text), MPL_RULE)


@pytest.mark.parametrize("text", [
    "backend: Agg\nfigure.figsize: 8, 5\n",
    "backend: pdf\ntext.usetex: false\n",
    "# backend: WebAgg\nfont.size: 11\n",
    'axes.titlesize: "large"  # a # in a comment\n',
])
def test_matplotlibrc_with_style_only_stays_accepted(tmp_path, text):
    kit.assert_accepted(with_matplotlibrc(tmp_path, text))
