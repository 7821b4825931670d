"""Honest accepts of session 24, each beside the way the same idiom leaks, which must still be reviewed or
rejected: tuples nested in a helper's return and unpacked by the caller (Flower's quickstart-catboost), and a
function's annotation naming a conditioned API when nothing in the unit reads annotations back."""

from __future__ import annotations

import json
from pathlib import Path
from textwrap import dedent

import pytest

from analyzer import api

POLICY = api.load_policy()
CORPUS = Path(__file__).resolve().parents[1] / "corpus"
UNKNOWN = "update-channel-leak.unknown-provenance"
UNVOUCHED = "unvouched.api"


def scan(path: Path) -> tuple[str, set[str]]:
    report = api.scan(path, POLICY)
    return report.decision.value, {f.rule for f in report.findings if not f.rule.startswith("obfuscation.lint")}


def unit(tmp_path: Path, files: dict[str, str]) -> tuple[str, set[str]]:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(dedent(text))
    return scan(tmp_path)


# ---- nested tuples --------------------------------------------------------------------------------------------

NESTED = """\
from catboost import CatBoostClassifier, Pool
from flwr.clientapp import ClientApp
from flwr.common import ConfigRecord, Context, Message, RecordDict
from flwr_datasets import FederatedDataset

app = ClientApp()
COLS = ["age", "hours.per.week"]


def preprocess(partition):
    split = partition.train_test_split(test_size=0.2, seed=42)
    train_df, test_df = split["train"].to_pandas(), split["test"].to_pandas()
    return (train_df[COLS], train_df["income"]), (test_df[COLS], test_df["income"])


def load_data(pid):
    fds = FederatedDataset(dataset="scikit-learn/adult-census-income", partitioners={{"train": 3}})
{load}


@app.train()
def train(msg: Message, context: Context) -> Message:
    (X_train, y_train), (X_test, y_test){extra} = load_data(context.node_config["partition-id"])
    cbc = CatBoostClassifier(iterations=5, verbose=0)
    cbc.fit(X_train, y_train)
    auc = cbc.eval_metrics(Pool(data=X_test, label=y_test), metrics=["AUC"])["AUC"][-1]
    return Message(content=RecordDict({{"m": ConfigRecord({{"AUC": auc}})}}), reply_to=msg)
"""


@pytest.mark.parametrize("load, extra", [
    ("    train_data, test_data = preprocess(fds.load_partition(pid))\n    return train_data, test_data, COLS", ", cat"),
    ("    return preprocess(fds.load_partition(pid))", ""),
    ("    (a, b), (c, d) = preprocess(fds.load_partition(pid))\n    return (a, b), (c, d), COLS", ", cat"),
], ids=["names-across-two-helpers", "returned-call", "re-nested"])
def test_a_pair_nested_in_a_helpers_return_keeps_each_item(tmp_path: Path, load: str, extra: str) -> None:
    assert unit(tmp_path, {"client.py": NESTED.format(load=load, extra=extra)}) == ("accept", set())


@pytest.mark.parametrize("load", [
    # one record for the test set, inside the nested return
    "    tr, te = preprocess(fds.load_partition(pid))\n    te = (te[0].iloc[7:8], te[1].iloc[7:8])\n    return tr, te, COLS",
    # rebound on one path only: the shape of the other path does not hold after the join
    "    tr, te = preprocess(fds.load_partition(pid))\n    if pid == 0:\n        te = (tr[0].iloc[7:8], tr[1].iloc[7:8])\n"
    "    return tr, te, COLS",
    # an item written through the tuple: the tuple's shape no longer says what its items hold
    "    tr, te = preprocess(fds.load_partition(pid))\n    te[0].loc[:, 'age'] = te[0]['age'].iloc[7]\n    return tr, te, COLS",
    # swapped in a pairwise assignment
    "    tr, te = preprocess(fds.load_partition(pid))\n    tr, te = te, (tr[0].iloc[7:8], tr[1])\n    return tr, te, COLS",
], ids=["one-record", "rebound-in-branch", "item-overwritten", "swapped"])
def test_a_nested_item_that_is_one_record_is_still_reviewed(tmp_path: Path, load: str) -> None:
    decision, rules = unit(tmp_path, {"client.py": NESTED.format(load=load, extra=", cat")})
    assert decision != "accept" and UNKNOWN in rules


# ---- annotations ----------------------------------------------------------------------------------------------

TASK = """\
{future}import json
import tempfile

from catboost import CatBoostClassifier


def to_dict(model_input: CatBoostClassifier) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        model_input.save_model(tmp.name, format="json")
    return json.load(open(tmp.name))
"""

CLIENT = """\
import json

import numpy as np
from catboost import CatBoostClassifier
from flwr.clientapp import ClientApp
from flwr.common import ConfigRecord, Context, Message, RecordDict

from helpers import task

app = ClientApp()


@app.train()
def train(msg: Message, context: Context) -> Message:
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(64, 3)), rng.integers(0, 2, size=64)
{build}
    cbc.fit(x, y)
    blob = json.dumps(task.to_dict(cbc)).encode("utf-8")
    return Message(content=RecordDict({{"m": ConfigRecord({{"model": blob}})}}), reply_to=msg)
"""

PLAIN = "    cbc = CatBoostClassifier(iterations=5, verbose=0)"


@pytest.mark.parametrize("future", ["", "from __future__ import annotations\n\n"], ids=["plain", "pep563"])
def test_an_annotation_nothing_reads_is_no_use(tmp_path: Path, future: str) -> None:
    files = {"helpers/__init__.py": "", "helpers/task.py": TASK.format(future=future),
             "client.py": CLIENT.format(build=PLAIN)}
    assert unit(tmp_path, files) == ("accept", set())


@pytest.mark.parametrize("build", [
    "    cbc = task.to_dict.__annotations__['model_input'](iterations=5, train_dir='/mnt/share/x')",
    "    cbc = getattr(task.to_dict, '__ann' + 'otations__')['model_input'](iterations=5, train_dir='/mnt/share/x')",
    "    import typing\n    cbc = typing.get_type_hints(task.to_dict)['model_input'](iterations=5, train_dir='/mnt/share/x')",
    "    import inspect\n    cbc = inspect.signature(task.to_dict).parameters['model_input'].annotation(train_dir='/mnt/share/x')",
], ids=["dunder-other-module", "computed-getattr", "get_type_hints", "inspect-signature"])
def test_an_annotation_read_back_anywhere_in_the_unit_is_a_use(tmp_path: Path, build: str) -> None:
    files = {"helpers/__init__.py": "", "helpers/task.py": TASK.format(future=""),
             "client.py": CLIENT.format(build=build)}
    decision, rules = unit(tmp_path, files)
    assert decision != "accept" and UNVOUCHED in rules


def test_a_class_body_annotation_stays_a_use(tmp_path: Path) -> None:
    """dataclasses and pydantic build from a class's annotations: not exempt even when no reader is named."""
    task = TASK.format(future="") + "\n\nclass Holder:\n    model: CatBoostClassifier\n"
    files = {"helpers/__init__.py": "", "helpers/task.py": task, "client.py": CLIENT.format(build=PLAIN)}
    decision, rules = unit(tmp_path, files)
    assert decision == "escalate" and UNVOUCHED in rules


# ---- the corpus samples ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("sample", ["malicious/bn24_nested_tuple_one_test_row.py",
                                    "malicious/bn24_nested_tuple_rebound_in_branch.py",
                                    "malicious/bn24_nested_tuple_swapped_pairs.py",
                                    "malicious/bn24_nested_tuple_item_overwritten.py",
                                    "malicious/bn24_annotation_type_hints.py",
                                    "malicious/bn24_annotation_computed_getattr.py",
                                    "jobs/bn24_annotation_read_other_module"])
def test_twins_are_not_accepted(sample: str) -> None:
    assert scan(CORPUS / sample)[0] != "accept"


def test_the_benign_catboost_sample_is_accepted() -> None:
    assert scan(CORPUS / "benign/bn24_flwr_catboost_nested_tuples.py") == ("accept", set())


# ---- NVFlare aux messages (09.3 p2p) --------------------------------------------------------------------------

P2P = """\
from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor
from nvflare.apis.fl_constant import ReturnCode
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import Shareable, make_reply


class P2PExecutor(Executor):
    def execute(self, task_name: str, shareable: Shareable, fl_ctx: FLContext, abort_signal) -> Shareable:
        name = fl_ctx.get_identity_name()
        fl_ctx.get_engine().send_aux_request(
            targets=["site-1", "site-2"], topic="hello",
            request=DXO(data_kind=DataKind.APP_DEFINED, data={"message": f"Hello from {name}"}).to_shareable(),
            timeout=0, fl_ctx=fl_ctx)
        return make_reply(ReturnCode.OK)

    def handle_event(self, event_type: str, fl_ctx: FLContext):
        fl_ctx.get_engine().register_aux_message_handler(topic="hello", message_handle_func=self._handle)

    def _handle(self, topic: str, request: Shareable, fl_ctx: FLContext) -> Shareable:
        return make_reply(ReturnCode.OK)
"""


def test_nvflare_p2p_messages_of_the_tutorial_are_accepted(tmp_path: Path) -> None:
    assert unit(tmp_path, {"modules.py": P2P}) == ("accept", set())


@pytest.mark.parametrize("sample", ["malicious/bn24_aux_request_row_in_topic.py",
                                    "malicious/bn24_aux_request_filled_shareable.py",
                                    "malicious/bn24_aux_handler_replies_rows.py",
                                    "jobs/bn24_aux_handler_other_module"])
def test_site_data_in_an_aux_message_or_reply_rejects(sample: str) -> None:
    decision, rules = scan(CORPUS / sample)
    assert decision == "reject" and "update-channel-leak.raw-data-in-update" in rules


@pytest.mark.parametrize("sample", ["malicious/bn24_aux_handler_lambda.py", "malicious/bn24_aux_handler_partial.py"])
def test_a_handler_the_gate_cannot_follow_is_reviewed(sample: str) -> None:
    decision, rules = scan(CORPUS / sample)
    assert decision == "escalate" and rules == {UNKNOWN}


# ---- NVFlare streaming: a configured retriever -----------------------------------------------------------------

STREAMING = (CORPUS / "malicious/bn24_stream_serves_cohort.py").read_text().split('"""', 2)[2]


def test_retrieving_a_container_from_the_configured_component_is_accepted(tmp_path: Path) -> None:
    body = STREAMING.replace("self.retriever.add_container(name, COHORT)",
                             "rc, result = self.retriever.retrieve_container(from_site='server', fl_ctx=fl_ctx, "
                             "timeout=10.0, name=name)\n        self.log_info(fl_ctx, f'size {len(result)}')")
    assert body != STREAMING
    assert unit(tmp_path, {"streaming_executor.py": body}) == ("accept", set())


def test_the_retrieval_request_is_judged_like_the_update() -> None:
    decision, rules = scan(CORPUS / "malicious/bn24_stream_row_in_container_name.py")
    assert decision == "reject" and "update-channel-leak.raw-data-in-update" in rules


@pytest.mark.parametrize("sample", ["malicious/bn24_stream_serves_cohort.py",
                                    "malicious/bn24_stream_own_container_retriever.py",
                                    "malicious/bn24_stream_file_retriever_site_data.py",
                                    "malicious/bn24_stream_shadowed_isinstance.py"])
def test_serving_a_value_or_building_a_retriever_is_unvouched(sample: str) -> None:
    decision, rules = scan(CORPUS / sample)
    assert decision == "escalate" and UNVOUCHED in rules


@pytest.mark.parametrize("check, vouched", [
    ("isinstance(c, FileRetriever)", True),
    ("issubclass(type(c), (ContainerRetriever, FileRetriever))", True),
    ("isinstance(c, FileRetriever) or FileRetriever(source_dir='/data')", False),
    ("[FileRetriever][0]", False),
    ("isinstance(c, FileRetriever, )", True),
    ("isinstance(c, cls=FileRetriever)", False),
])
def test_a_class_only_tested_against_is_no_use_of_it(tmp_path: Path, check: str, vouched: bool) -> None:
    code = ("from nvflare.app_common.streamers.container_retriever import ContainerRetriever\n"
            "from nvflare.app_common.streamers.file_retriever import FileRetriever\n\n\n"
            f"def check(c):\n    return {check}\n")
    decision, rules = unit(tmp_path, {"check.py": code})
    assert (decision == "accept") is vouched and (UNVOUCHED in rules) is not vouched


# ---- pandas' inplace methods ----------------------------------------------------------------------------------

INPLACE = """\
import pandas as pd
import nvflare.client as flare

df = pd.read_csv("/data/site-1/cohort.csv")
{op}
flare.init()
m = flare.receive()
flare.send(flare.FLModel(params=m.params, metrics={{"age": float(df["age"].mean())}}))
"""


@pytest.mark.parametrize("op", ["df.drop(index=df.index[1:], inplace=True)", "df.drop(df.index[1:], inplace=True)",
                                "df.query('index == 7', inplace=True)"])
def test_rows_chosen_in_place_are_chosen(tmp_path: Path, op: str) -> None:
    """Each was accepted: the frame kept only the rows the call chose, and its mean went out as an aggregate."""
    decision, rules = unit(tmp_path, {"client.py": INPLACE.format(op=op)})
    assert decision == "escalate" and rules == {UNKNOWN}


@pytest.mark.parametrize("op", ["df.dropna(inplace=True)", "df.drop(columns=['site'], inplace=True)",
                                "df.fillna(0, inplace=True)", "df.drop(index=df.index[1:], inplace=False)"])
def test_in_place_calls_that_keep_every_row_stay_aggregates(tmp_path: Path, op: str) -> None:
    assert unit(tmp_path, {"client.py": INPLACE.format(op=op)}) == ("accept", set())


def test_a_notebook_reading_a_modules_annotations_is_not_exempt(tmp_path: Path) -> None:
    """Notebook cells are judged apart from the unit's modules, where `import task` is itself unvouched."""
    cells = ["import task\n", "cls = task.make.__annotations__['m']\n", "cls(iterations=5, train_dir='/mnt/share/x')\n"]
    notebook = {"cells": [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": cells}],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    files = {"task.py": "from catboost import CatBoostClassifier\n\n\ndef make(m: CatBoostClassifier) -> None:\n"
                        "    return None\n", "run.ipynb": json.dumps(notebook)}
    decision, rules = unit(tmp_path, files)
    assert decision == "escalate" and UNVOUCHED in rules
