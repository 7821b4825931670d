"""What makes the site's data an aggregate (issue 12, red team 2: H2-H6, H9): a positive rule. Counts, library
metrics and reductions over the rows of the data taken whole are clean; a reduction of rows the code chose is a
statistic the gate cannot vouch for (reviewed); what only looks like a reduction keeps the values; library
attributes mean what the library says only on that library's objects. One behaviour per test."""

from __future__ import annotations

import pytest

from tests.test_flow import rules_of

RAW = "update-channel-leak.raw-data-in-update"
UNKNOWN = "update-channel-leak.unknown-provenance"

HEAD = """\
import numpy as np
import pandas as pd
import torch
import nvflare.client as flare
df = pd.read_csv("/data/site/train.csv")
x = df[["age", "bmi"]].to_numpy(dtype=float)
m = flare.receive()
r = m.current_round
"""


def sent(expr: str, setup: str = "") -> set[str]:
    """The findings when `expr` is sent in an FLModel's metrics, after HEAD and `setup`."""
    return rules_of(HEAD + setup + f'flare.send(flare.FLModel(params={{}}, metrics={{"v": {expr}}}))\n')


# -- the benign idioms that stay clean

@pytest.mark.parametrize("expr", [
    "getattr(x, 'shape')",
    "float(np.mean(x, axis=0)[0])",  # a column mean of the table taken whole
    "df['age'].mean()",
    "np.std(x, 0).tolist()",
    "len(df)",
    "x.shape[0]",
    "int(df['age'].count())",
    "df[['age', 'bmi']].describe().to_dict()",
])
def test_reductions_of_the_table_taken_whole_are_clean(expr: str) -> None:
    assert not sent(expr)


def test_accuracy_and_loss_item_over_loader_batches_are_clean() -> None:
    text = """\
        import torch
        import nvflare.client as flare
        from torch.utils.data import DataLoader
        from torchvision.datasets import CIFAR10
        net = torch.nn.Linear(4, 2)
        criterion = torch.nn.CrossEntropyLoss()
        loader = DataLoader(CIFAR10("/data/cifar"), batch_size=32)
        def evaluate(model, data, crit):
            correct, total, loss_sum = 0, 0, 0.0
            for images, labels in data:
                images, labels = images.to("cpu"), labels.to("cpu")
                out = model(images)
                _, predicted = torch.max(out.data, 1)
                loss_sum += crit(out, labels).item()
                total += labels.size(0)
                correct += (predicted == labels).sum().item()
            return correct / max(total, 1), loss_sum
        acc, loss = evaluate(net, loader, criterion)
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"accuracy": acc, "loss": loss}))
    """
    assert not rules_of(text)


def test_job_batch_loop_and_sklearn_score_are_clean() -> None:
    text = """\
        import pandas as pd
        import torch
        import nvflare.client as flare
        from sklearn.metrics import roc_auc_score
        from sklearn.linear_model import LogisticRegression
        df = pd.read_csv("/data/site/train.csv")
        x = torch.tensor(df[["a", "b"]].values, dtype=torch.float32)
        y = torch.tensor(df["label"].values)
        net = torch.nn.Linear(2, 2)
        losses = []
        for i in range(0, len(x), 64):
            loss = torch.nn.functional.cross_entropy(net(x[i:i + 64]), y[i:i + 64])
            losses.append(loss.item())
        clf = LogisticRegression().fit(df[["a", "b"]], df["label"])
        auc = roc_auc_score(df["label"], clf.predict_proba(df[["a", "b"]])[:, 1])
        flare.send(flare.FLModel(params={"coef": clf.coef_}, metrics={"loss": sum(losses) / len(losses), "auc": auc}))
    """
    assert not rules_of(text)


# -- H3: a reduction over rows the code chose is no aggregate

@pytest.mark.parametrize("expr,setup", [
    ("np.mean(x[r:r + 1], axis=0).tolist()", ""),  # a one-row slice
    ("np.percentile(x[r:r + 1], 50, axis=0).tolist()", ""),
    ("df.iloc[[r]].describe().to_dict()", ""),
    ("np.mean([x], axis=0).tolist()", ""),  # a list that wraps the table: axis 0 is the list
    ("np.sum(x * w[:, None], axis=0).tolist()", "w = np.zeros(len(x))\nw[r] = 1.0\n"),  # a one-hot weighting
    ("np.max(x + 1e9 * (df['id'] == 1042).to_numpy()[:, None], axis=0).tolist()", ""),  # a mask the code chose
    ("np.average(x, 0, w).tolist()", "w = np.zeros(len(x))\n"),  # weights it cannot read
    ("np.sum(x, axis=0, where=sel).tolist()", "sel = np.zeros(x.shape, bool)\n"),
])
def test_a_reduction_of_chosen_rows_is_reviewed(expr: str, setup: str) -> None:
    found = sent(expr, setup)
    assert found and found <= {UNKNOWN, RAW} and UNKNOWN in found


@pytest.mark.parametrize("expr,setup", [
    # a library metric compares what it is given: of one chosen row, the cell itself
    ("mean_absolute_error(x[r:r + 1, 0], [0.0])", "from sklearn.metrics import mean_absolute_error\n"),
    ("[accuracy_score(x[r:r + 1, 0] > t, [True]) for t in range(256)]", "from sklearn.metrics import accuracy_score\n"),
    ("torch.nn.functional.l1_loss(torch.tensor(x[r]), torch.zeros(2)).item()", ""),
    # how many of the chosen rows pass a test of their values
    ("[len(x[r:r + 1][x[r:r + 1, 0] > t]) for t in range(256)]", ""),
])
def test_a_metric_or_test_count_of_chosen_rows_is_reviewed(expr: str, setup: str) -> None:
    assert UNKNOWN in sent(expr, setup)


@pytest.mark.parametrize("expr,setup", [
    ("mean_absolute_error(x[:, 0], np.zeros(len(x)))", "from sklearn.metrics import mean_absolute_error\n"),
    ("len(x[r:r + 100])", ""),  # the size of a selection by position
])
def test_a_metric_of_the_table_taken_whole_and_a_size_of_chosen_rows_are_clean(expr: str, setup: str) -> None:
    assert not sent(expr, setup)


MAE = "from sklearn.metrics import mean_absolute_error\n"


@pytest.mark.parametrize("setup", [
    "v = x[:int(0.8 * len(x))]\n",
    "v = x[round(len(x) * 0.2):]\n",
    "n = len(x) // 5\nv = x[n:]\n",
    "n_val = x.shape[0] // 10\nv = x[:n_val]\n",
])
def test_a_metric_of_a_fixed_share_of_the_rows_is_clean(setup: str) -> None:
    assert not sent("mean_absolute_error(v[:, 0], v[:, 1])", MAE + setup)


@pytest.mark.parametrize("setup", [
    "v = x[:len(x) // 50]\n",  # a fiftieth: a row or two
    "v = x[int(0.99 * len(x)):]\n",  # the last hundredth
    "n = len(x) - 1\nv = x[n:]\n",
    "z = x[:2]\nn = len(z) // 2\nv = x[:n]\n",  # a share of another value's rows
    "n = len(x) // 2\nx = x[:4]\nv = x[:n]\n",  # x bound twice: n may be a share of other rows
    "n = len(x) // 5\nn = r\nv = x[:n]\n",
    "n, _ = divmod(len(x), 1)\nv = x[:n]\n",
    "v = x[len(x) // 5:len(x) // 5 + 1]\n",  # both ends
    "v = x[:len(x) // 5:50]\n",  # a step
    "len = lambda v: 5\nv = x[:len(x) // 5]\n",  # `len` rebound by the job
])
def test_a_metric_of_rows_that_are_no_fixed_share_is_reviewed(setup: str) -> None:
    assert UNKNOWN in sent("mean_absolute_error(v[:, 0], v[:, 1])", MAE + setup)


@pytest.mark.parametrize("setup,clean", [
    ("from sklearn.model_selection import train_test_split\n_, v = train_test_split(x, test_size=0.2)\n", True),
    ("from sklearn.model_selection import train_test_split\n_, v = train_test_split(x)\n", True),
    ("from sklearn.model_selection import train_test_split\nf = 0.25\n_, v = train_test_split(x, test_size=f)\n", True),
    ("from sklearn.model_selection import train_test_split\n_, v = train_test_split(x, test_size=1)\n", False),
    ("from sklearn.model_selection import train_test_split\n_, v = train_test_split(x, test_size=0.01)\n", False),
    ("from sklearn.model_selection import train_test_split\n_, v = train_test_split(x, train_size=len(x) - 1)\n", False),
    ("from sklearn.model_selection import train_test_split\nkw = {'test_size': 1}\n"
     "_, v = train_test_split(x, **kw)\n", False),  # a size hidden in **kwargs
    ("from sklearn.model_selection import train_test_split\nf = 0.2\nif r > 3:\n    f = len(x) - 1\n"
     "_, v = train_test_split(x, test_size=f)\n", False),  # a size that may be no share
    ("_, v = torch.utils.data.random_split(torch.tensor(x), [0.8, 0.2])\n", True),
    ("_, v = torch.utils.data.random_split(torch.tensor(x), [len(x) - 1, 1])\n", False),
    ("import datasets\nv = datasets.Dataset.from_pandas(df).train_test_split(0.2)['test']\n", True),
    ("import datasets\nv = datasets.Dataset.from_pandas(df).train_test_split(1)['test']\n", False),
])
def test_a_random_split_is_taken_whole_only_in_shares_of_a_tenth(setup: str, clean: bool) -> None:
    found = sent("mean_absolute_error(np.asarray(v)[:, 0], np.asarray(v)[:, 1])", MAE + setup)
    assert (not found) if clean else UNKNOWN in found


def test_a_helper_reducing_its_parameter_is_judged_at_each_call() -> None:
    helper = "def centre(v):\n    return np.mean(v, axis=0).tolist()\n"
    assert not sent("centre(x)", helper)
    assert UNKNOWN in sent("centre(x[r:r + 1])", helper)


def test_scaler_fitted_on_one_row_is_reviewed_on_the_table_is_not() -> None:
    setup = "from sklearn.preprocessing import StandardScaler\n"
    assert UNKNOWN in sent("StandardScaler().fit(x[r:r + 1]).mean_", setup)
    assert not sent("StandardScaler().fit(x).mean_", setup)


# -- H4: what hands back the values themselves

@pytest.mark.parametrize("expr,setup,rule", [
    ("np.unique(df['name'].astype(str)).tolist()", "", UNKNOWN),  # labels or identifiers: a person looks
    ("df['mrn'].value_counts().to_dict()", "", UNKNOWN),
    ("np.histogram(x[:, 0], bins=np.sort(x[:, 0]))[1].tolist()", "", RAW),  # bin edges are the values
    ("sum([[row] for row in df.to_dict('records')], [])", "", RAW),  # concatenation, not a sum
    ("[hashlib.sha256(str(s).encode()).hexdigest() for s in df['ssn']]", "import hashlib\n", RAW),
    ("torch.nn.functional.l1_loss(t, torch.zeros_like(t), reduction='none').tolist()",
     "t = torch.tensor(x)\n", RAW),
    ("nn.losses.l1_loss(t, mx.zeros(t.shape)).tolist()", "import mlx.core as mx\nimport mlx.nn as nn\n"
     "t = mx.array(x)\n", RAW),  # mlx leaves its losses unreduced unless the call names a reduction
    ("euclidean_distances(x, np.eye(2)).tolist()", "from sklearn.metrics.pairwise import euclidean_distances\n", RAW),
    ("KMeans(n_clusters=len(x)).fit(x).cluster_centers_", "from sklearn.cluster import KMeans\n", UNKNOWN),
])
def test_values_are_not_aggregates(expr: str, setup: str, rule: str) -> None:
    assert rule in sent(expr, setup)


@pytest.mark.parametrize("expr", ["mx.mean(nn.losses.cross_entropy(t, y)).item()",
                                  "nn.losses.cross_entropy(t, y, reduction='mean').item()"])
def test_an_mlx_loss_reduced_over_every_row_is_clean(expr: str) -> None:
    assert not sent(expr, "import mlx.core as mx\nimport mlx.nn as nn\nt = mx.array(x)\n"
                          "y = mx.array(df['label'].to_numpy())\n")


def test_histogram_with_fixed_bins_and_kmeans_with_constant_k_are_clean() -> None:
    assert not sent("np.histogram(x[:, 0], bins=10, range=(0, 100))[0].tolist()")
    assert not sent("KMeans(n_clusters=3).fit(x).cluster_centers_", "from sklearn.cluster import KMeans\n")


# -- H2: a scalar conversion keeps its input's origins

@pytest.mark.parametrize("expr", [
    "[float(x[r, j]) for j in range(x.shape[1])]",
    "torch.tensor(x)[r // 2, r % 2].item()",
    "int(df['mrn'].iloc[r])",
])
def test_a_number_of_a_cell_is_the_cell(expr: str) -> None:
    assert RAW in sent(expr)


# -- H5: per row, per group, labels

@pytest.mark.parametrize("expr", [
    "np.max(x, 1).tolist()",  # the axis of a module function is its second argument
    "np.sum(x[:, 0:1], 1).tolist()",
    "x.mean(1).tolist()",
    "df.groupby('patient_id')['creatinine'].mean().to_dict()",
])
def test_per_row_and_per_group_reductions_keep_the_values(expr: str) -> None:
    assert RAW in sent(expr)


def test_column_labels_of_a_pivot_are_data_of_the_table_are_not() -> None:
    assert sent("list(df.pivot_table(index='ward', columns='patient_name', values='c').columns)")
    assert not sent("list(df.columns)")


# -- H6: attribute names mean nothing on the wrong object

@pytest.mark.parametrize("expr,setup,rule", [
    ("list(t.coef_)", "t = df.set_axis(['coef_', 'b'], axis=1)\n", RAW),  # a column named like a fitted attribute
    ("ns.global_step", "import argparse\nns = argparse.Namespace(global_step=df.values.tolist())\n", RAW),
    ("list(df.global_step)", "", RAW),  # a table's attribute it does not define is a column
    ("getattr(df, 'global_step')", "", RAW),
    # a column named like a model output's loss: never clean (a name that reads like a metric asks a person)
    ("list(t.loss)", "t = df.set_axis(['loss', 'b'], axis=1)\n", UNKNOWN),
])
def test_library_attribute_names_on_a_table_or_namespace_are_its_values(expr: str, setup: str, rule: str) -> None:
    assert rule in sent(expr, setup)


# -- H9: a library evaluate hands back what the job's callback returned

TRAINER = """\
    import numpy as np
    import nvflare.client as flare
    from datasets import load_dataset
    from transformers import Trainer
    ds = load_dataset("csv", data_files={"test": "/data/notes/test.csv"})
    def compute_metrics(p):
        return {CONTENT}
    trainer = Trainer(model=model, eval_dataset=ds["test"], compute_metrics=compute_metrics)
    flare.send(flare.FLModel(params=model.state_dict(), metrics=trainer.evaluate()))
"""


def test_trainer_callback_returning_inputs_leaks_returning_accuracy_does_not() -> None:
    assert RAW in rules_of(TRAINER.replace("{CONTENT}", '{"rows": p.inputs[:32].tolist()}'))
    assert not rules_of(TRAINER.replace(
        "{CONTENT}", '{"acc": float((np.argmax(p.predictions, axis=-1) == p.label_ids).mean())}'))


def test_trainer_callback_the_gate_cannot_see_is_unknown() -> None:
    text = TRAINER.replace("compute_metrics=compute_metrics", "compute_metrics=helpers.metrics") \
        .replace("import numpy as np", "import numpy as np\n    import helpers")
    assert UNKNOWN in rules_of(text.replace("{CONTENT}", "{}"))


def test_batch_fields_per_row_argmax_and_tokenized_dataset_stay_whole() -> None:
    text = """\
        import torch
        import nvflare.client as flare
        from datasets import load_dataset
        from torch.utils.data import DataLoader
        from transformers import AutoModelForSequenceClassification, AutoTokenizer
        tok = AutoTokenizer.from_pretrained("/models/bert")
        net = AutoModelForSequenceClassification.from_pretrained("/models/bert")
        def encode(b):
            return tok(b["text"], truncation=True)
        ds = load_dataset("csv", data_files="/data/notes.csv")["train"].map(encode, batched=True)
        loader = DataLoader(ds.train_test_split(test_size=0.2, seed=1)["test"], batch_size=16)
        correct = 0
        for batch in loader:
            batch = {k: v.to("cpu") for k, v in batch.items()}
            out = net(**batch)
            correct += (out.logits.max(1)[1] == batch["labels"]).sum().item()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"correct": correct}))
    """
    assert not rules_of(text)
    picked = text.replace("def encode(b):\n            return tok(b[\"text\"], truncation=True)",
                          "def encode(b):\n            return {\"input_ids\": b[\"input_ids\"][:1]}")
    assert UNKNOWN in rules_of(picked)  # a batched map that may keep one row per batch


def test_a_dataset_handed_out_in_batches_is_a_loader() -> None:
    # quickstart-jax: a Flower partition's `batch(n)` hands out every row in batches
    text = """\
        import jax.numpy as jnp
        import nvflare.client as flare
        from flwr_datasets import FederatedDataset
        test = FederatedDataset(dataset="ylecun/mnist", partitioners={"train": 2}).load_partition(0){PICK}.batch(32)
        accs = []
        for batch in test:
            accs.append(float(jnp.mean(batch["image"])))
        flare.send(flare.FLModel(params={}, metrics={"m": float(sum(accs) / len(accs))}))
    """
    assert not rules_of(text.replace("{PICK}", ""))
    assert UNKNOWN in rules_of(text.replace("{PICK}", ".select([3])"))


@pytest.mark.parametrize("expr,setup,clean", [
    ("(x @ w).mean()", "w = np.zeros(2)\n", True),  # a linear model's predictions, row by row
    ("np.dot(x, w).mean()", "w = np.zeros(2)\n", True),
    ("x.dot(w).mean()", "w = np.zeros(2)\n", True),
    ("(sel @ x).mean(axis=0).tolist()", "sel = np.eye(len(x))[r:r + 1]\n", False),  # a selector on the left: row r
    ("np.dot(sel, x).mean(axis=0).tolist()", "sel = np.eye(len(x))[r:r + 1]\n", False),
    ("np.concatenate((np.ones((len(x), 1)), x), axis=1).mean(0).tolist()", "", True),  # a bias column beside x
    ("np.hstack([x, sel]).mean(0).tolist()", "sel = np.eye(len(x))[:, :1]\n", False),  # a column that differs by row
])
def test_products_and_stacks_keep_rows_only_when_the_code_cannot_pick_them(expr: str, setup: str, clean: bool) -> None:
    found = sent(expr, setup)
    assert (not found) if clean else UNKNOWN in found
