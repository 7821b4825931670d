"""Red team 8's attacks: each was accepted before its fix and must stay caught; the legitimate idiom nearest to
each must stay accepted; those still open are strict expected failures (each passes, and fails the suite, once
the gate no longer accepts it). Samples: corpus/malicious/rt8_*."""

from __future__ import annotations

import pytest

import redteam_kit as kit
from analyzer.model import Decision


TABLE = """\
import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
import nvflare.client as flare
df = pd.read_csv("/data/site/cohort.csv")
ids = pd.read_csv("/data/site/cohort.csv", index_col="patient_id")
age = torch.tensor(df["age"].to_numpy() / 120.0, dtype=torch.float32)
focus = torch.zeros(len(df))
focus[1042] = 1.0
flare.init()
m = flare.receive()
"""


def _metric(expr: str, setup: str = "") -> str:
    return setup + f"flare.send(flare.FLModel(params=m.params, metrics={{'v': {expr}}}))\n"


# name -> the code after TABLE; every one was accepted before red team 8's fixes
CAUGHT = {
    # a constant key of a table's column picks an element by its index label: the flow took a position for a
    # column labelled so (`df[0]` with header=None), a string for a column name, an attribute for a column
    "position-of-a-column-attribute": _metric("float(df.age[1042])"),
    "label-of-a-column": _metric("float(ids['income']['P-000417'])"),
    "label-of-a-column-through-a-name": _metric("float(income['P-000417'])", "income = ids['income']\n"),
    "label-attribute-of-a-column": _metric("float(ids.income.P000417)"),
    "pop-of-a-label-of-a-column": _metric("float(income.pop('P-000417').mean())", "income = ids['income']\n"),
    "position-of-a-per-row-sum": _metric("float(df[['age', 'bmi']].sum(axis=1)[1042])"),
    "position-of-a-per-row-sum-of-the-table": _metric("float(df.sum(axis=1)[1042])"),
    # a loss's weights pick the rows that count: BCE's `weight` is one per element, `pos_weight` one per
    # position of the last axis
    "bce-weight-one-hot": _metric("float(F.binary_cross_entropy(torch.full((len(df),), 0.1), age, weight=focus, "
                                  "reduction='sum'))"),
    "bce-loss-object-weight-one-hot": _metric("float(crit(torch.full((len(df),), 0.1), age))",
                                              "crit = torch.nn.BCELoss(weight=focus, reduction='sum')\n"),
    "bce-with-logits-pos-weight-one-hot": _metric(
        "float(torch.nn.BCEWithLogitsLoss(pos_weight=focus, reduction='sum')(torch.zeros(len(df)), age))"),
}

XGB = ("import xgboost as xgb\nmask = np.zeros(len(df))\nmask[1042] = 1.0\n"
       "d = xgb.DMatrix(df[['bmi', 'sbp']].to_numpy(), label=df['age'].to_numpy())\nbst = xgb.train({}, d)\n")
SKL = "from sklearn.linear_model import Ridge\nrg = Ridge().fit(df[['bmi', 'sbp']].to_numpy(), df['age'].to_numpy())\n"
CAUGHT.update({
    # weights choose the rows a metric counts: a DMatrix weighted by a one-hot, an estimator's score
    "xgboost-eval-set-of-a-weighted-dmatrix": _metric(
        "float(bst.eval_set([(dw, 'v')]).split(':')[-1])",
        XGB + "dw = xgb.DMatrix(df[['bmi', 'sbp']].to_numpy(), label=df['age'].to_numpy(), weight=mask)\n"),
    "estimator-score-with-sample-weight": _metric(
        "float(rg.score(df[['bmi', 'sbp']].to_numpy(), df['age'].to_numpy(), sample_weight=mask))", SKL + XGB),
})
HE = ("import tenseal as ts\nctx = ts.context(ts.SCHEME_TYPE.CKKS, poly_modulus_degree=8192, "
      "coeff_mod_bit_sizes=[60, 40, 40, 60])\n")
CAUGHT.update({
    # a statistic of chosen rows in the encryption context: every CKKS ciphertext carries its scale in the clear
    "statistic-in-an-he-context": _metric("ts.ckks_vector(ctx, [0.5, 0.25]).serialize()",
                                          HE + "ctx.global_scale = 2 ** 40 + float(np.mean(age.numpy()[1042:1043]))\n"),
})
SK = ("from sklearn.cluster import KMeans\nfrom sklearn.preprocessing import StandardScaler\n"
      "from sklearn.linear_model import SGDClassifier\nz = df[['bmi', 'sbp']].to_numpy()\nw = np.zeros(len(z))\nw[1042] = 1.0\n")
CAUGHT.update({
    # a fit's sample weights choose the rows its centres and statistics are means of
    "kmeans-fitted-with-one-hot-weights": _metric("KMeans(n_clusters=1, n_init=1).fit(z, sample_weight=w)"
                                                  ".cluster_centers_.tolist()", SK),
    "scaler-fitted-with-one-hot-weights": _metric("StandardScaler().fit(z, None, w).mean_.tolist()", SK),
})
# per-sample values under a metric library's name: the catalogue does not vouch for these APIs (escalated before
# the fix too), but a site that adds them must not get a metric: the flow reports the rows themselves
PER_SAMPLE = {
    "torchmetrics-pairwise-against-identity": _metric(
        "tmf.pairwise_linear_similarity(age[:, None], torch.eye(1)).tolist()", "import torchmetrics.functional as tmf\n"),
    "silhouette-per-sample": _metric("silhouette_samples(df[['bmi', 'sbp']].to_numpy(), df['outcome'].to_numpy()).tolist()",
                                     "from sklearn.metrics import silhouette_samples\n"),
    "monai-functional-dice-per-image": _metric("compute_dice(age[:, None, None], torch.ones(len(df), 1, 1)).tolist()",
                                               "from monai.metrics import compute_dice\n"),
}
CAUGHT.update({
    # counts along every element or row: one count per row, the rows' values
    "string-count-of-every-element": _metric("df['dx'].str.count('C50').tolist()"),
    "table-count-along-rows": _metric("df.count(axis=1).tolist()"),
    "table-nunique-along-rows": _metric("df.nunique(axis=1).tolist()"),
    "count-nonzero-along-rows": _metric("np.count_nonzero(df[['bmi', 'sbp']].to_numpy(), axis=1).tolist()"),
})
LOADER = ("from torch.utils.data import DataLoader, TensorDataset\n"
          "loader = DataLoader(TensorDataset(age[:, None], age), batch_size=len(df))\ntot = 0.0\n")
CAUGHT.update({
    # a constant item of an unpacked batch's field is a row of the batch, one chosen per batch
    "first-row-of-each-batch-summed": _metric("tot", LOADER + "for xb, yb in loader:\n    tot += float(yb[0])\n"),
    "first-row-of-each-enumerated-batch": _metric("tot", LOADER + "for i, (xb, yb) in enumerate(loader):\n"
                                                  "    tot += float(yb[0])\n"),
})
NET = "net = torch.nn.Linear(1, 1)\n"
CAUGHT.update({
    # `eval`/`train` with an argument: a booster's eval scores what it is given, a module's mode is its state
    "booster-eval-of-one-row": _metric("float(bst.eval(xgb.DMatrix(z[1042:1043], label=y1)).split(':')[-1])",
                                       XGB + "z = df[['bmi', 'sbp']].to_numpy()\ny1 = df['age'].to_numpy()[1042:1043]\n"),
    "module-mode-set-by-a-cell": _metric("float(net.training)", NET + "net.train(float(age[1042]) > 0.5)\n"),
})
PLATEAU = ("net = torch.nn.Linear(1, 1)\nopt = torch.optim.SGD(net.parameters(), lr=0.1)\n"
           "sch = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, patience=0)\n")
CAUGHT.update({
    # a scheduler stepped with a cell keeps it (state_dict()["best"]) and decides the learning rate by it
    "plateau-scheduler-state-of-a-cell": _metric("sch.state_dict()", PLATEAU + "sch.step(float(age[1042]))\n"),
    "plateau-scheduler-rate-of-a-cell": _metric("sch.get_last_lr()", PLATEAU + "sch.step(float(age[1042]))\n"),
})

# the legitimate idiom nearest to each attack
NEAR = {
    "column-mean-through-an-attribute": _metric("float(df.age.mean())"),
    "column-values-through-an-attribute": _metric("float(df.age.values.mean())"),
    "column-of-a-header-less-frame": _metric("float(h[0].mean())", "h = pd.read_csv('/data/site/raw.csv', header=None)\n"),
    "column-mean-by-label": _metric("float(df.mean(numeric_only=True)['age'])"),
    "pop-of-a-column-of-a-table": _metric("float(y.mean())", "y = df.pop('outcome')\n"),
    "xgboost-eval-set-of-an-unweighted-dmatrix": _metric("float(bst.eval_set([(d, 'v')]).split(':')[-1])", XGB),
    "estimator-score": _metric("float(rg.score(df[['bmi', 'sbp']].to_numpy(), df['age'].to_numpy()))", SKL),
    "he-context-of-constants": _metric("ts.ckks_vector(ctx, [0.5, 0.25]).serialize()",
                                       HE + "ctx.global_scale = 2 ** 40\n"),
    "kmeans-centres": _metric("KMeans(n_clusters=3, n_init=1).fit(z).cluster_centers_.tolist()", SK),
    "scaler-mean": _metric("StandardScaler().fit(z).mean_.tolist()", SK),
    "partial-fit-with-classes": _metric("c.coef_.tolist()", SK + "c = SGDClassifier()\n"
                                        "c.partial_fit(z, df['outcome'].to_numpy(), np.array([0, 1]))\n"),
    "silhouette-score": _metric("float(silhouette_score(df[['bmi', 'sbp']].to_numpy(), df['outcome'].to_numpy()))",
                                "from sklearn.metrics import silhouette_score\n"),
    "table-count-per-column": _metric("df.count().tolist()"),
    "string-count-summed": _metric("int(df['dx'].str.count('C50').sum())"),
    "count-nonzero": _metric("int(np.count_nonzero(df[['bmi', 'sbp']].to_numpy()))"),
    "tensor-size-of-an-axis": _metric("age[:, None].size(1)"),
    "batch-mean-summed": _metric("tot", LOADER + "for xb, yb in loader:\n    tot += float(yb.mean())\n"),
    "field-of-a-batch": _metric("tot", LOADER + "for batch in loader:\n    tot += float(batch[1].mean())\n"),
    "booster-eval-of-the-table": _metric("float(bst.eval(d).split(':')[-1])", XGB),
    "module-eval-then-train": _metric("float(net.training)", NET + "net.eval()\nnet.train(True)\n"),
    "plateau-scheduler-of-the-loss": _metric(
        "sch.get_last_lr()", PLATEAU + "loss = F.mse_loss(net(age[:, None]).squeeze(1), age)\nsch.step(float(loss))\n"),
    "describe-entry": _metric("float(df.describe()['age']['mean'])"),
    "first-column-name": _metric("str(df.columns[0])"),
    "bce-with-a-scalar-pos-weight": _metric(
        "float(torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(len(df) / 3.0))(torch.zeros(len(df)), age))"),
    "class-weighted-cross-entropy": _metric(
        "float(torch.nn.CrossEntropyLoss(weight=torch.tensor([1.0, 3.0]))(torch.zeros(len(df), 2), "
        "torch.tensor(df['outcome'].to_numpy())))"),
}

CAUGHT.update({
    # a loader of a Subset of constant positions: every batch is those rows (session 35: position_selectors; a
    # strict xfail before). A site's partition (`Subset(ds, range(i, len(ds), n_sites))`) holds no constant positions
    "mean-over-a-one-row-subset-loader": _metric("tot", LOADER.replace("TensorDataset(age[:, None], age)",
                                                                     "Subset(TensorDataset(age[:, None], age), [1042])")
                                                 .replace("import DataLoader,", "import DataLoader, Subset,")
                                                 + "for xb, yb in loader:\n    tot += float(yb.mean())\n"),
})

# Still accepted (strict xfail: each fails the suite once the gate no longer accepts it).
OPEN = {
    # a per-class metric is laid out per distinct value of its labels: with the row index (or the site's identifier
    # column) as labels, confusion_matrix's row i is a one-hot of the other argument's value of row i, the column
    # itself. The gate cannot bound how many classes a label column has (as for np.unique, which it reviews), but
    # reviewing every confusion matrix and classification report would review the benign corpus's evaluations
    # (benign/xgb_local_eval.py, benign/sklearn_eval_notebook.ipynb); a check for a code-built argument is
    # sidestepped by `np.arange(n) + 0 * age` or by the identifier column
    "confusion-matrix-of-row-index-against-a-column": _metric(
        "confusion_matrix(np.arange(len(df)), df['age'].to_numpy().astype(int)).tolist()",
        "from sklearn.metrics import confusion_matrix\n"),
    # lifelines' survival table is indexed by the distinct durations it was given, and the metric list vouches for
    # it whole: with an identifier column as the durations its index is every identifier. NVFlare's Kaplan-Meier
    # examples send its maximum and a histogram over its index (the distinct event times), which is the same
    # table: reviewing its index would review them (docs/architecture.md: per-class metrics)
    "survival-table-index-of-identifiers": _metric("t.index.values.tolist()", "from lifelines.utils import "
                                                   "survival_table_from_events\nt = survival_table_from_events("
                                                   "df['patient_id'], np.ones(len(df)))\n"),
    "per-class-recall-by-identifier": _metric(
        "precision_recall_fscore_support(df['patient_id'], df['age'].to_numpy() > 50, average=None)[1].tolist()",
        "from sklearn.metrics import precision_recall_fscore_support\n"),
}


def _decision(text: str) -> Decision:
    return kit.scan_text(TABLE + text, "train.py").decision


@pytest.mark.parametrize("name", sorted(CAUGHT))
def test_attack_is_not_accepted(name: str) -> None:
    assert _decision(CAUGHT[name]) is not Decision.ACCEPT


@pytest.mark.parametrize("name", sorted(NEAR))
def test_nearest_legitimate_idiom_is_accepted(name: str) -> None:
    assert _decision(NEAR[name]) is Decision.ACCEPT


@pytest.mark.parametrize("name", sorted(PER_SAMPLE))
def test_per_sample_values_of_a_metric_library_are_the_rows(name: str) -> None:
    report = kit.scan_text(TABLE + PER_SAMPLE[name], "train.py")
    assert "update-channel-leak.raw-data-in-update" in {f.rule for f in report.findings}


@pytest.mark.xfail(strict=True, reason="red team 8, open (session 33 reviewed): per-class layouts (confusion_matrix, "
                   "precision_recall_fscore_support average=None, a survival table's index) keyed by an identifier "
                   "column are the benign evaluations' calls with other labels")
@pytest.mark.parametrize("name", sorted(OPEN))
def test_open_attack_is_not_accepted(name: str) -> None:
    assert _decision(OPEN[name]) is not Decision.ACCEPT
