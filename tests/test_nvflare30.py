"""Session 30 (nvflare30): what a TensorBoard writer's add_scalars is vouched for. Its dict's keys become folder
names under the log folder (torch/utils/tensorboard/writer.py add_scalars: `<log_dir>/<main_tag>_<key>`, only
main_tag's `/` replaced), so a key `/../../mnt/share/x` writes an event file anywhere; NVFlare's tracking writers
send the keys to the server, whose TBAnalyticsReceiver joins them alike
(nvflare/app_opt/tracking/tb/tb_event_writer.py TensorBoardEventWriter.add_scalars). Every escape below was
accepted before `literal: tag-dict` (conditions.py); the idiom beside them stays accepted. Sample:
corpus/malicious/nv30_tb_tag_climb.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer import api
from analyzer.model import Decision

POLICY = api.load_policy()

TORCH = """import numpy as np
from torch.utils.tensorboard import SummaryWriter

rows = np.loadtxt("data/site.csv", delimiter=",")
w = SummaryWriter("runs/x")
"""

NVFLARE = """import nvflare.client as flare
from nvflare.client.tracking import SummaryWriter

w = SummaryWriter()
"""


def _decision(tmp_path: Path, text: str) -> Decision:
    path = tmp_path / "train.py"
    path.write_text(text)
    return api.scan(path, POLICY).decision


@pytest.mark.parametrize("head, body", [
    (TORCH, "w.add_scalars('m', {'/../../../../mnt/share/drop': 0.5}, 0)\n"),
    (TORCH, "w.add_scalars('m', {'/../../../../mnt/share/drop': float(rows[0, 0])}, 0)\n"),
    (TORCH, "DROP = '/../../../../mnt/share/drop'\nw.add_scalars('m', {DROP: 0.5}, 0)\n"),
    (TORCH, "import sys\nw.add_scalars('m', {sys.argv[1]: 0.5}, 0)\n"),
    (TORCH, "more = {'/../../../../mnt/share/drop': 0.5}\nw.add_scalars('m', {'loss': 0.1, **more}, 0)\n"),
    (TORCH, "tags = {'/../../../../mnt/share/drop': 0.5}\nw.add_scalars('m', tags, 0)\n"),
    (TORCH, "w.add_scalars('m', {'..\\\\..\\\\..\\\\share\\\\drop': 0.5}, 0)\n"),
    (NVFLARE, "w.add_scalars('m', {'/../../../../../etc/cron.d/x': 0.5}, 0)\n"),
], ids=["torch_climb", "torch_climb_site_value", "torch_climb_constant", "torch_key_from_argv", "torch_splat",
        "torch_dict_by_name", "torch_backslash", "nvflare_server_climb"])
def test_add_scalars_key_that_may_climb_is_not_accepted(tmp_path, head, body):
    assert _decision(tmp_path, head + body) != Decision.ACCEPT


@pytest.mark.parametrize("head, body", [
    (TORCH, "w.add_scalars('loss', {'train': 0.1, 'val': 0.2}, 1)\n"),
    (TORCH, "TRAIN = 'train'\nw.add_scalars('loss/curves', {TRAIN: 0.1, 'val.acc': 0.2}, 1)\n"),
    (NVFLARE, "w.add_scalars('loss', {'train': 0.1, 'val': 0.2}, 1)\n"),
], ids=["torch", "torch_constant_key", "nvflare"])
def test_add_scalars_with_plain_keys_is_accepted(tmp_path, head, body):
    assert _decision(tmp_path, head + body) == Decision.ACCEPT


# ---- the writer's own folder: `comment` is appended to the default folder, `filename_suffix` to each file's name ----

@pytest.mark.parametrize("body", [
    "w = SummaryWriter(comment='/../../../../mnt/share/drop')\nw.add_scalar('age', float(rows[0, 0]), 0)\n",
    "w = SummaryWriter(None, '/../../../../mnt/share/drop')\nw.add_scalar('age', 0.5, 0)\n",
    "w = SummaryWriter('runs/y', filename_suffix='.py')\nw.add_scalar('a', 0.5, 0)\n",
    "w = SummaryWriter('runs/y', '', None, 10, 120, '.py')\nw.add_scalar('a', 0.5, 0)\n",
    "KW = {'comment': '/../../../../mnt/share/drop'}\nw = SummaryWriter(**KW)\n",
], ids=["comment_climb", "comment_positional", "suffix_py", "suffix_positional", "kwargs_splat"])
def test_summary_writer_comment_or_suffix_is_not_accepted(tmp_path, body):
    assert _decision(tmp_path, TORCH + body) != Decision.ACCEPT


@pytest.mark.parametrize("body", [
    "w2 = SummaryWriter()\nw2.add_scalar('a', 0.5, 0)\n",
    "w2 = SummaryWriter(log_dir='./logs')\nw2.add_scalar('a', 0.5, 0)\n",
], ids=["default_folder", "job_folder"])
def test_summary_writer_plain_is_accepted(tmp_path, body):
    assert _decision(tmp_path, TORCH + body) == Decision.ACCEPT


# ---- the other roads to the server's add_scalars: MLflowWriter.log_metrics, WandBWriter.log, flare.log -----------

TRACKING = """from nvflare.client.tracking import MLflowWriter, WandBWriter
"""


@pytest.mark.parametrize("body", [
    "MLflowWriter().log_metrics({'/../../../../../etc/cron.d/x': 0.5}, 0)\n",
    "MLflowWriter().log_metrics(metrics={'/../../../../../etc/cron.d/x': 0.5}, step=0)\n",
], ids=["positional", "keyword"])
def test_log_metrics_key_that_may_climb_is_not_accepted(tmp_path, body):
    assert _decision(tmp_path, TRACKING + body) != Decision.ACCEPT


def test_log_metrics_with_plain_keys_is_accepted(tmp_path):
    assert _decision(tmp_path, TRACKING + "MLflowWriter().log_metrics(metrics={'loss': 0.5}, step=0)\n") \
        == Decision.ACCEPT


# (a strict xfail until session 31: `log` vouched as a member of logging/lightning/torch; now entries of their own)
@pytest.mark.parametrize("body", [
    "WandBWriter().log(metrics={'/../../../../../etc/cron.d/x': 0.5}, step=0)\n",
    "import nvflare.client as flare\nfrom nvflare.apis.analytix import AnalyticsDataType\n"
    "flare.log('m', {'/../../../../../etc/cron.d/x': 0.5}, AnalyticsDataType.SCALARS)\n",
], ids=["wandb_log", "flare_log_scalars"])
def test_other_tracking_roads_open(tmp_path, body):
    assert _decision(tmp_path, TRACKING + body) != Decision.ACCEPT


@pytest.mark.parametrize("body", [
    "import nvflare.client as flare\nfrom nvflare.apis.analytix import AnalyticsDataType\n"
    "flare.log('m', {'a': 0.5}, AnalyticsDataType.SCALARS)\n",
    "import nvflare.client as flare\nfrom nvflare.apis.analytix import AnalyticsDataType as T\nk = '/../../x'\n"
    "flare.log(k, 0.5, data_type=T.SCALAR)\n",
    "from nvflare.client.tracking import log\nfrom nvflare.apis.analytix import AnalyticsDataType\n"
    "log('note', 'text', AnalyticsDataType.TEXT)\n",
], ids=["scalars_plain_keys", "scalar_any_tag", "text"])
def test_flare_log_of_a_tag_or_plain_keys_is_accepted(tmp_path, body):
    assert _decision(tmp_path, body) == Decision.ACCEPT


@pytest.mark.parametrize("body", [
    "import nvflare.client as flare\nfrom nvflare.apis.analytix import AnalyticsDataType\nd = dict(zip(['/../../x'], [0.5]))\n"
    "flare.log('m', d, AnalyticsDataType.METRICS)\n",
    "import nvflare.client as flare\nfrom nvflare.apis.analytix import AnalyticsDataType\nimport random\n"
    "t = random.choice([AnalyticsDataType.SCALAR, AnalyticsDataType.SCALARS])\n"
    "flare.log('m', {'/../../../../etc/cron.d/x': 0.5}, t)\n",
    "import nvflare.client as flare\nflare.log('m', {'/../../../../etc/cron.d/x': 0.5}, 'SCALARS')\n",
], ids=["dict_built_elsewhere", "type_chosen_at_run_time", "type_as_text"])
def test_flare_log_of_a_dict_the_gate_cannot_read_is_not_accepted(tmp_path, body):
    assert _decision(tmp_path, body) != Decision.ACCEPT


def test_wandb_log_with_plain_keys_is_accepted(tmp_path):
    assert _decision(tmp_path, TRACKING + "WandBWriter().log(metrics={'train_loss': 0.5}, step=0)\n") \
        == Decision.ACCEPT


# ---- the writer's folder (`path: own-files`): TensorBoard names the files, so the working folder itself holds them --

@pytest.mark.parametrize("folder", ["./", ".", "runs/x", "/tmp/tb"])
def test_summary_writer_in_a_job_folder_is_accepted(tmp_path, folder):
    assert _decision(tmp_path, TORCH + f"w2 = SummaryWriter({folder!r})\nw2.add_scalar('a', 0.5, 0)\n") == Decision.ACCEPT


@pytest.mark.parametrize("folder", ["/mnt/share/tb", "startup", "./local/tb", "../tb", "../../../x", "~/tb",
                                    "/tmp/nvflare/poc/site-1", "s3://bucket/tb", "//host/share/tb", "/home/u/tb",
                                    "/dev/shm/tb"])
def test_summary_writer_in_a_place_outside_the_job_is_not_accepted(tmp_path, folder):
    assert _decision(tmp_path, TORCH + f"w2 = SummaryWriter(log_dir={folder!r})\n") != Decision.ACCEPT


# ---- a folder made on the way: `restart.fl` as a folder restarts the client (worker_process.py os.path.exists) ----

@pytest.mark.parametrize("text", [
    "from torch.utils.tensorboard import SummaryWriter\nSummaryWriter('restart.fl')\n",
    "from torch.utils.tensorboard import SummaryWriter\nSummaryWriter('./shutdown.fl/tb')\n",
    "import os\nos.makedirs('restart.fl/x', exist_ok=True)\n",
    "import os\nos.makedirs('./shutdown.fl/x/y', exist_ok=True)\n",
], ids=["writer_reserved_folder", "writer_under_reserved", "makedirs_under_reserved", "makedirs_deep"])
def test_folder_through_a_reserved_name_is_not_accepted(tmp_path, text):
    assert _decision(tmp_path, text) != Decision.ACCEPT


@pytest.mark.parametrize("text", [
    "import os\nos.makedirs('outputs/restart_fl/x', exist_ok=True)\n",
    "import os\nos.makedirs(os.path.dirname('outputs/m.pt') or '.', exist_ok=True)\n",
], ids=["lookalike", "dirname_or_dot"])
def test_folder_beside_reserved_names_is_accepted(tmp_path, text):
    assert _decision(tmp_path, text) == Decision.ACCEPT
