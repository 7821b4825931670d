"""Positive rules for Flower's example units (session 23), each beside the way the same idiom leaks, which must
still be reviewed or rejected: xgboost's eval_set with `evals=`, a boosting step on a helper's parameter and a
Booster trained with the job's own objective, histogram edges written as np.linspace, a Flower partition's
column labels, a model's round trip through a temporary file, `apply` with a lambda, CatBoost's named metrics,
and an annotation naming a conditioned API. One behaviour per test."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from analyzer import api
from tests.test_flow_aggregates import UNKNOWN, sent

RAW = "update-channel-leak.raw-data-in-update"
POLICY = api.load_policy()

FLOWER = """\
import json
import tempfile

import numpy as np
import pandas as pd
import xgboost as xgb
from catboost import CatBoostClassifier, Pool
from flwr.app import ArrayRecord, ConfigRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp
from flwr_datasets import FederatedDataset

app = ClientApp()
TABLE = pd.read_csv("/data/site-1/cohort.csv")
X = TABLE[["age", "bmi"]].to_numpy(dtype=np.float32)
Y = TABLE["readmitted"].to_numpy()
"""


def scan(tmp_path: Path, body: str) -> tuple[str, set[str]]:
    """The decision and the rules found when a Flower client app of FLOWER + `body` is scanned as a unit (the
    job's program: helpers' parameters are typed by what the module's calls pass them)."""
    (tmp_path / "client_app.py").write_text(FLOWER + dedent(body))
    report = api.scan(tmp_path, POLICY)
    return report.decision.value, {f.rule for f in report.findings if not f.rule.startswith("obfuscation.lint")}


def reply(value: str) -> str:
    return f"""
@app.train()
def train(msg: Message, context: Context) -> Message:
{value}
"""


BOOST = """\
def _local_boost(bst_input, rounds, dtrain):
    for _ in range(rounds):
        bst_input.update(dtrain, bst_input.num_boosted_rounds(){extra})
    return bst_input[bst_input.num_boosted_rounds() - rounds: bst_input.num_boosted_rounds()]
"""
SEND_BOOSTER = """\
    bst = xgb.Booster(params={})
    bst.load_model(bytearray(msg.content["arrays"]["0"].numpy().tobytes()))
    bst = _local_boost(bst, 2, xgb.DMatrix(X, label=Y))
    model = np.frombuffer(bst.save_raw("json"), dtype=np.uint8)
    return Message(content=RecordDict({"arrays": ArrayRecord([model])}), reply_to=msg)
"""
OBJECTIVE = "def objective(preds, dtrain):\n    return np.full(preds.shape, -float(X[42, 1])), np.ones(preds.shape)\n"


# -- xgboost

def test_eval_set_with_evals_keyword_scores_each_dataset_whole() -> None:
    setup = "import xgboost as xgb\nd = xgb.DMatrix(x, label=df['age'])\nbst = xgb.train({}, d)\n"
    assert not sent('float(bst.eval_set(evals=[(d, "valid")], iteration=1).split(":")[-1])', setup)


@pytest.mark.parametrize("expr", [
    'bst.eval_set(evals=[(xgb.DMatrix(x[r:r + 1]), "valid")], iteration=1)',  # one record
    'bst.eval_set(evals=[(d, "valid")], iteration=1, feval=lambda p, m: ("auc", float(m.get_label()[r])))',
])
def test_eval_set_with_evals_keyword_of_chosen_rows_or_a_feval_is_reviewed(expr: str) -> None:
    setup = "import xgboost as xgb\nd = xgb.DMatrix(x, label=df['age'])\nbst = xgb.train({}, d)\n"
    assert UNKNOWN in sent(f'float({expr}.split(":")[-1])', setup)


def test_a_boosting_step_on_a_helpers_parameter_is_the_librarys(tmp_path: Path) -> None:
    assert scan(tmp_path, BOOST.format(extra="") + reply(SEND_BOOSTER))[0] == "accept"


def test_update_on_a_helpers_parameter_that_a_call_hands_a_dict_still_fills_it(tmp_path: Path) -> None:
    body = "def keep(acc, rows):\n    acc.update(rows)\n    return acc\n" + reply(
        '    held = keep({}, {"rows": X.tolist()})\n'
        '    return Message(content=RecordDict({"m": ConfigRecord({"v": json.dumps(held)})}), reply_to=msg)\n')
    assert RAW in scan(tmp_path, body)[1]


def test_update_on_a_helpers_parameter_it_rebinds_still_fills_it(tmp_path: Path) -> None:
    body = "def keep(acc, rows):\n    acc = {}\n    acc.update(rows)\n    return acc\n" + reply(
        '    held = keep(xgb.Booster(), {"rows": X.tolist()})\n'
        '    return Message(content=RecordDict({"m": ConfigRecord({"v": json.dumps(held)})}), reply_to=msg)\n')
    assert RAW in scan(tmp_path, body)[1]


@pytest.mark.parametrize("extra", [", objective", ", fobj=objective"])
def test_a_boosting_step_on_a_helpers_parameter_with_the_jobs_objective_is_reviewed(tmp_path: Path, extra: str) -> None:
    assert UNKNOWN in scan(tmp_path, OBJECTIVE + BOOST.format(extra=extra) + reply(SEND_BOOSTER))[1]


@pytest.mark.parametrize("train", [
    "    bst = xgb.train({}, xgb.DMatrix(X, label=Y), 2, obj=objective)\n",
    "    bst = xgb.train({}, xgb.DMatrix(X, label=Y), 2, [], objective)\n",
    "    bst = xgb.Booster()\n    g, h = objective(np.zeros(len(X)), None)\n    bst.boost(xgb.DMatrix(X), 0, g, h)\n",
])
def test_a_booster_trained_with_the_jobs_objective_or_gradients_is_reviewed(tmp_path: Path, train: str) -> None:
    send = "    model = np.frombuffer(bst.save_raw('json'), dtype=np.uint8)\n" \
           "    return Message(content=RecordDict({'arrays': ArrayRecord([model])}), reply_to=msg)\n"
    assert UNKNOWN in scan(tmp_path, OBJECTIVE + reply(train + send))[1]


# -- histograms

@pytest.mark.parametrize("bins", ["np.linspace(2.0, 10.0, 10)", "np.arange(0, 10, 0.5)", "np.arange(20)"])
def test_histogram_edges_written_as_a_short_grid_are_a_handful(bins: str) -> None:
    assert not sent(f"np.histogram(df['age'], bins={bins})[0].tolist()")


@pytest.mark.parametrize("bins", ["np.linspace(2.0, 10.0, 1000)", "np.linspace(0, 1)", "np.arange(0, 100, 1)",
                                  "np.linspace(0.0, 90.0, len(df))"])
def test_histogram_edges_as_fine_as_the_table_are_reviewed(bins: str) -> None:
    assert UNKNOWN in sent(f"np.histogram(df['age'], bins={bins})[0].tolist()")


# -- a Flower partition's column labels

PARTITION = """\
fds = None


def load(pid, preprocessor=None):
    global fds
    if fds is None:
        fds = FederatedDataset(dataset="scikit-learn/iris", partitioners={{"train": 3}}{pre})
    return fds.load_partition(pid, "train").with_format("pandas")[:]{select}
"""
LABELS = """\
    dataset = load(context.node_config["partition-id"])
    metrics = {}
    for name in dataset.columns:
        metrics[f"{name}_count"] = len(dataset)
    return Message(RecordDict({"query_results": MetricRecord(metrics)}), reply_to=msg)
"""


@pytest.mark.parametrize("select", ["", '[["SepalLengthCm", "SepalWidthCm"]]'])
def test_a_flower_partitions_column_labels_are_clean(tmp_path: Path, select: str) -> None:
    assert scan(tmp_path, PARTITION.format(pre="", select=select) + reply(LABELS))[0] == "accept"


def test_a_partition_built_with_the_jobs_preprocessor_has_labels_under_review(tmp_path: Path) -> None:
    body = PARTITION.format(pre=", preprocessor=lambda d: d.rename_column('a', str(d['train'][0]['name']))",
                            select="")
    assert UNKNOWN in scan(tmp_path, body + reply(LABELS))[1]


def test_a_literal_selection_of_a_pivot_has_labels_under_review() -> None:
    setup = "p = df.pivot(index='age', columns='bmi', values='bmi')\n"
    assert UNKNOWN in sent('list(p[["a"]].columns)', setup)


COLUMNS = """\
def split(partition):
    parts = partition.train_test_split(test_size=0.2, seed=42)
    frame = parts["test"].to_pandas()
    frame["income"] = frame["income"].apply(lambda v: 1 if v.strip() == ">50K" else 0)
    cols = [c for c in frame.columns if {test}]
    return frame[cols]
"""
SPLIT = """\
    fds = FederatedDataset(dataset="scikit-learn/adult-census-income", partitioners={"train": 3})
    frame = split(fds.load_partition(0))
    model = CatBoostClassifier(iterations=10, learning_rate=0.1, depth=4)
    auc = model.eval_metrics(Pool(data=frame, label=frame["income"]), metrics=["AUC"])["AUC"][-1]
    return Message(content=RecordDict({"m": ConfigRecord({"AUC": auc})}), reply_to=msg)
"""


def test_columns_of_a_partition_chosen_by_spelled_names_keep_every_row(tmp_path: Path) -> None:
    assert scan(tmp_path, COLUMNS.format(test='c != "income"') + reply(SPLIT))[0] == "accept"


def test_columns_of_a_partition_chosen_by_a_cell_are_reviewed(tmp_path: Path) -> None:
    assert UNKNOWN in scan(tmp_path, COLUMNS.format(test="frame[c].iloc[7] > 0") + reply(SPLIT))[1]


# -- apply with a lambda

def test_apply_of_an_element_wise_lambda_keeps_every_row() -> None:
    assert not sent("float(df['age'].apply(lambda v: 1 if v > 50 else 0).mean())")


@pytest.mark.parametrize("expr", ["df[['age', 'bmi']].apply(lambda c: c.iloc[42]).tolist()",
                                  "df['age'].apply(lambda v: v).iloc[7].item()"])
def test_apply_of_a_lambda_that_picks_a_row_keeps_the_row(expr: str) -> None:
    assert RAW in sent(expr)


def test_a_mean_of_a_lambda_that_picks_a_row_is_reviewed() -> None:
    assert UNKNOWN in sent("float(df[['age', 'bmi']].apply(lambda c: c.iloc[42]).mean())")


# -- a model's round trip through a temporary file

ROUND_TRIP = """\
def export(model{param}):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        model.save_model(tmp.name, format="json"{save})
        path = tmp.name
{between}    return json.load(open(path, "r"))
"""
EXPORT = """\
    model = CatBoostClassifier(iterations=10, learning_rate=0.1, depth=4, random_seed=42, verbose=0)
    model.fit(X, Y)
    tree = export(model{arg})
    return Message(content=RecordDict({{"m": ConfigRecord({{"model": json.dumps(tree).encode()}})}}), reply_to=msg)
"""


def test_a_model_saved_to_a_fresh_temporary_file_and_read_back_is_the_model(tmp_path: Path) -> None:
    body = ROUND_TRIP.format(param="", save="", between="") + reply(EXPORT.format(arg=""))
    assert scan(tmp_path, body)[0] == "accept"


@pytest.mark.parametrize("param,save,between,arg", [
    (", rows", "", '    json.dump(rows, open(path, "w"))\n', ", X.tolist()"),  # the job writes rows into it
    (", rows", "", "    tmp.write(json.dumps(rows).encode())\n", ", X.tolist()"),  # through the object itself
    ("", "", "    print(path)\n", ""),  # the name leaves the function
    (", pool", ", pool=pool", "", ", Pool(X, Y)"),  # CatBoost puts the pool's category strings in the file
])
def test_a_temporary_file_with_another_writer_or_use_is_not_vouched(tmp_path: Path, param: str, save: str,
                                                                    between: str, arg: str) -> None:
    body = ROUND_TRIP.format(param=param, save=save, between=between) + reply(EXPORT.format(arg=arg))
    assert scan(tmp_path, body)[0] != "accept"


# -- CatBoost's named metrics

def test_catboost_named_metrics_of_a_whole_pool_are_clean() -> None:
    setup = "from catboost import CatBoostClassifier, Pool\nm = CatBoostClassifier(iterations=5)\nm.fit(x, df['age'])\n"
    assert not sent('m.eval_metrics(Pool(x, label=df["age"]), metrics=["AUC"])["AUC"][-1]', setup)


def test_catboost_metrics_of_chosen_rows_are_reviewed() -> None:
    setup = "from catboost import CatBoostClassifier, Pool\nm = CatBoostClassifier(iterations=5)\nm.fit(x, df['age'])\n"
    assert UNKNOWN in sent('m.eval_metrics(Pool(x[r:r + 1], label=df["age"][r:r + 1]), metrics=["RMSE"])["RMSE"][-1]',
                           setup)


def test_catboost_metrics_by_the_jobs_metric_object_are_never_clean() -> None:
    setup = "from catboost import CatBoostClassifier, Pool\nm = CatBoostClassifier(iterations=5)\nm.fit(x, df['age'])\n" \
            "class Probe:\n    def evaluate(self, approxes, target, weight):\n        return float(x[r, 0]), 1.0\n"
    assert sent('m.eval_metrics(Pool(x, label=df["age"]), metrics=[Probe()])["Probe"][-1]', setup) & {UNKNOWN, RAW}

