"""Positive rules for idioms of the benign corpus that the flow analysis used to review (session 22), each with
the way the same idiom leaks, which must still be reviewed: a share of a table's rows slicing a value with the
same rows (gradients.row_root), xgboost's eval_set pairs (evaluation_pairs), a clusterer's labels_ counted
(fitted_assignments). One behaviour per test."""

from __future__ import annotations

import pytest

from tests.test_flow_aggregates import MAE, UNKNOWN, sent

PROTOCOL = "update-channel-leak.rows-by-protocol"

LOAD = """\
def load(path):
    d = pd.read_csv(path)
    target = np.log1p(d.pop("los").to_numpy())
    return d.to_numpy(dtype=np.float32), target
"""


@pytest.mark.parametrize("setup", [
    "n = int(0.8 * len(df))\nv = x[:n]\n",  # x = df[[...]].to_numpy(dtype=float)
    "t = torch.tensor(df.values, dtype=torch.float32)\nv = t[len(df) // 5:]\n",
    "y = np.asarray(df.pop('age'))\nn = int(0.8 * len(df))\nv = y[n:]\n",
    "y = df['bmi']\nv = y[:int(0.2 * len(x))]\n",  # the column and the table converted from the same frame
    LOAD + "u, w = load('/data/site/stay.csv')\nn_val = len(u) // 5\nv = w[:n_val]\n",
])
def test_a_share_of_the_rows_of_a_value_with_the_same_rows_is_clean(setup: str) -> None:
    assert not sent("mean_absolute_error(v, v)", MAE + setup)


@pytest.mark.parametrize("setup", [
    "c = pd.read_csv('/data/site/cohort.csv')\nv = x[:int(0.5 * len(c))]\n",  # another table's rows
    "a = df['age'].to_numpy().reshape(2, -1)\nv = x[:len(a) // 2]\n",  # reshaped: two rows, one of x
    "y = df['age']\ny.drop(index=y.index[5:], inplace=True)\nv = y[int(0.8 * len(df)):]\n",  # rows dropped in place
    "y = df['age']\nn = int(0.8 * len(df))\ndf.dropna(inplace=True)\nv = np.asarray(y)[n:]\n",
    # the table itself lost rows after the count: its conversion holds one past the share
    "n = int(0.8 * len(df))\ndf.drop(index=df.index[n + 1:], inplace=True)\nt = np.asarray(df['age'])\nv = t[n:]\n",
    "def load(p):\n    return pd.read_csv(p).to_numpy(), pd.read_csv('/data/site/b.csv').to_numpy()\n"
    "u, w = load('/data/site/a.csv')\nv = w[:len(u) // 5]\n",  # parts of a return with different rows
    "y = df['age']\ny = y[:2]\nv = y[:int(0.5 * len(df))]\n",  # bound twice
    # a dict of arrays (np.load, torch.load): its items have any length, and its len() counts keys
    "blob = torch.load('/data/site/train.pt', weights_only=True)\nlab = blob.pop('y')\nv = lab[:int(0.5 * len(blob))]\n",
    "blob = np.load('/data/site/train.npz')\nlab = blob['y']\nv = lab[:len(blob) // 2]\n",
    # the job's own class: its `float()` and `values` hand out what its code likes, its len() what __len__ says
    "class Box:\n    def __init__(self, rows):\n        self.rows = rows\n    def __len__(self):\n        return 10\n"
    "    def float(self):\n        return self.rows\nb = Box(x)\nv = b.float()[:int(0.8 * len(b))]\n",
    "class Box:\n    def __init__(self, rows):\n        self.rows = rows\n    def __len__(self):\n        return 10\n"
    "    def float(self):\n        return self.rows\nb = Box(x)\nt = b.float()\nv = t[:int(0.8 * len(b))]\n",
])
def test_a_share_of_another_values_rows_is_reviewed(setup: str) -> None:
    assert UNKNOWN in sent("mean_absolute_error(v, v)", MAE + setup)


def test_a_share_counted_on_the_jobs_object_of_what_its_array_hook_hands_out_is_never_clean() -> None:
    box = ("class Box:\n    def __init__(self, rows):\n        self.rows = rows\n    def __len__(self):\n        return 10\n"
           "    def __array__(self, dtype=None):\n        return self.rows\nb = Box(x)\nt = np.asarray(b)\nv = t[:len(b) // 2]\n")
    assert sent("mean_absolute_error(v, v)", MAE + box)


XGB = "import xgboost as xgb\nd = xgb.DMatrix(x, label=df['age'])\nbst = xgb.train({}, d)\n"


@pytest.mark.parametrize("expr", [
    'bst.eval_set([(d, "valid")])',
    'bst.eval_set([(d, "train"), (d, "valid")], 3)',
    'bst.eval_set(evals=[(d, "valid")], iteration=1)'.replace("evals=", ""),
])
def test_xgboost_eval_set_scores_each_dataset_whole(expr: str) -> None:
    assert not sent(f'float({expr}.split(":")[-1])', XGB)


@pytest.mark.parametrize("expr", [
    'bst.eval_set([(d.slice([r]), "valid")])',  # one record
    'bst.eval_set([(xgb.DMatrix(x[r:r + 1]), "valid")])',
    'bst.eval_set([(d, "valid")], 0, lambda p, m: ("auc", float(m.get_label()[r])))',  # the job's feval
    'bst.eval_set([(d, "valid")], feval=lambda p, m: ("auc", float(m.get_label()[r])))',
    'bst.eval_set([d, "valid"])',  # no pairs: the list wraps the data
])
def test_xgboost_eval_set_of_chosen_rows_or_with_the_jobs_feval_is_reviewed(expr: str) -> None:
    assert UNKNOWN in sent(f'float({expr}.split(":")[-1])', XGB)


KM = "from sklearn.cluster import KMeans\n"


@pytest.mark.parametrize("setup,expr", [
    ("km = KMeans(n_clusters=3).fit(x)\n", "np.bincount(km.labels_, minlength=3).tolist()"),
    ("km = KMeans(n_clusters=3)\nkm.fit(x)\n", "np.unique(km.labels_, return_counts=True)[1].tolist()"),
])
def test_counting_a_clusterers_labels_gives_its_cluster_sizes(setup: str, expr: str) -> None:
    assert not sent(expr, KM + setup)


@pytest.mark.parametrize("setup,expr", [
    ("km = KMeans(n_clusters=3).fit(x[df.age.to_numpy() == r])\n", "np.bincount(km.labels_).tolist()"),
    ("km = KMeans(n_clusters=int(x[7, 1]) + 1).fit(x)\n", "np.bincount(km.labels_).tolist()"),
    ("km = KMeans(n_clusters=3).fit(x)\n", "np.bincount(km.labels_, weights=x[:, 0]).tolist()"),
    ("km = KMeans(n_clusters=3).fit(x)\n", "np.bincount(km.labels_ * 1000 + df['age'].to_numpy()).tolist()"),
])
def test_counting_labels_of_chosen_rows_or_with_the_data_beside_is_reviewed(setup: str, expr: str) -> None:
    assert UNKNOWN in sent(expr, KM + setup)


def test_a_clusterers_labels_themselves_stay_rows_it_keeps() -> None:
    assert PROTOCOL in sent("km.labels_.tolist()", KM + "km = KMeans(n_clusters=3).fit(x)\n")


LOADER = """\
from sklearn.metrics import accuracy_score
from torch.utils.data import DataLoader, TensorDataset
net = torch.nn.Linear(2, 2)
loader = DataLoader(TensorDataset(torch.tensor(x), torch.tensor(df['age'].to_numpy())), batch_size=16)
preds, targets = [], []
"""


@pytest.mark.parametrize("loop", [
    "for xb, yb in loader:\n    preds.extend(net(xb).argmax(1).tolist())\n    targets.extend(yb.tolist())\n",
])
def test_a_metric_of_lists_extended_with_every_batch_of_a_loader_is_clean(loop: str) -> None:
    assert not sent("accuracy_score(targets, preds)", LOADER + loop)


@pytest.mark.parametrize("loop", [
    "for xb, yb in loader:\n    preds.extend(net(xb[:1]).argmax(1).tolist())\n    targets.extend(yb[:1].tolist())\n",
    "for row in x:\n    preds.extend(row.tolist())\n    targets.extend(row.tolist())\n",  # a table hands out rows
    "preds.extend(x[r].tolist())\ntargets.extend(x[r].tolist())\n",
])
def test_a_metric_of_lists_extended_with_chosen_rows_is_reviewed(loop: str) -> None:
    assert UNKNOWN in sent("accuracy_score(targets, preds)", LOADER + loop)
