"""Red team 15: data laundered into what leaves the site (the update, its metrics, the job log), on main as it
stood at the start of session 29 (e99ebac). Each attack here was accepted before its fix and must stay caught;
the legitimate idiom nearest to each must stay accepted. Samples: corpus/*/rt15_*."""

from __future__ import annotations

from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.model import Decision

# ---- a dot product of two of the site's vectors: the right one weights the left one's rows as the data says ----

DOTS = "        import numpy as np\n        age = df['age'].values\n        pick = (df['id'].values == 7).astype(float)\n"


@pytest.mark.parametrize("body", [
    "        value = value + float(age @ pick)\n",                   # patient 7's age
    "        value = value + float(pick @ age)\n",
    "        value = value + float(np.dot(age, pick))\n",
    "        value = value + float(np.inner(age, pick))\n",
    "        value = value + float(age.dot(df['id'].values == 7))\n",
    "        value = value + float(np.clip(df['id'].values - 6, 0, 1).dot(age))\n",  # ids are integers: 0 or 1
    "        value = value + float(torch.dot(Y, (torch.tensor(df['id'].values) == 7).float()))\n",
    "        value = value + float(Y @ (torch.tensor(df['id'].values) == 7).float())\n",
])
def test_a_product_of_two_of_the_sites_vectors_is_reviewed(tmp_path: Path, body: str) -> None:
    assert kit.scan_training_client(tmp_path, DOTS + body).decision is not Decision.ACCEPT


def test_predictions_and_a_sum_of_squares_by_dot_stay_clean(tmp_path: Path) -> None:
    body = ("        Xn = df.drop(columns=['y']).values\n        wt = net.weight.detach().numpy()[0]\n"
            "        err = df['y'].values - Xn @ wt\n"
            "        value = value + float(err @ err) / len(err) + float(np.dot(err, err)) + float(np.mean(Xn.dot(wt)))\n"
            "        value = value + float(((X @ net.weight.T).squeeze(-1) - Y).pow(2).mean())\n")
    kit.assert_accepted(kit.scan_training_client(tmp_path, DOTS + body))


# ---- a loss's settings taken from a cell: how it compares, a factor of its value and of the update -------------

TWO_CLASS = "torch.cat([net(X), -net(X)], 1)"


@pytest.mark.parametrize("body", [
    "        opt.zero_grad()\n        torch.nn.functional.huber_loss(net(X).squeeze(-1), Y, delta=float(df.iloc[0, 0]))"
    ".backward()\n        opt.step()\n",
    f"        opt.zero_grad()\n        torch.nn.functional.cross_entropy({TWO_CLASS}, Y.long(), "
    "label_smoothing=float(df.iloc[0, 0]) / 100).backward()\n        opt.step()\n",
    "        opt.zero_grad()\n        torch.nn.functional.binary_cross_entropy_with_logits(net(X).squeeze(-1), Y, "
    "pos_weight=torch.tensor(float(df.iloc[0, 0]))).backward()\n        opt.step()\n",
    "        value = torch.nn.functional.huber_loss(net(X).squeeze(-1), Y, delta=float(df.iloc[0, 0])).item()\n",
])
def test_a_loss_setting_from_a_chosen_cell_is_in_the_update(tmp_path: Path, body: str) -> None:
    assert kit.scan_training_client(tmp_path, body).decision is not Decision.ACCEPT


def test_constant_loss_settings_and_operands_by_keyword_stay_clean(tmp_path: Path) -> None:
    body = ("        for i in range(0, len(X), 8):\n            opt.zero_grad()\n"
            "            part = torch.nn.functional.huber_loss(input=net(X[i:i + 8]).squeeze(-1), target=Y[i:i + 8], delta=0.5)\n"
            "            part.backward()\n            opt.step()\n"
            "        value = value + torch.nn.functional.binary_cross_entropy_with_logits(net(X).squeeze(-1), Y, "
            "pos_weight=torch.tensor(3.0)).item()\n"
            "        from sklearn.metrics import roc_auc_score\n"
            "        value = value + roc_auc_score(y_true=Y.numpy(), y_score=net(X).detach().numpy()[:, 0])\n")
    kit.assert_accepted(kit.scan_training_client(tmp_path, body))


@pytest.mark.parametrize("body", [
    # a cell held under a name like `score` was reviewed (of unknown provenance): backward() wrote only raw data
    "        score = float(df.iloc[0, 0])\n        opt.zero_grad()\n"
    "        (torch.nn.functional.mse_loss(net(X).squeeze(-1), Y) * score).backward()\n        opt.step()\n",
    "        opt.zero_grad()\n        loss = torch.nn.functional.binary_cross_entropy_with_logits(net(X).squeeze(-1), Y, "
    "pos_weight=torch.tensor(float(df.iloc[0, 0])))\n        loss.backward()\n        opt.step()\n",
    "        score = torch.tensor(float(df.iloc[0, 0]))\n        opt.zero_grad()\n"
    "        torch.nn.functional.binary_cross_entropy_with_logits(net(X).squeeze(-1), Y, pos_weight=score).backward()\n"
    "        opt.step()\n",
])
def test_a_name_like_a_metric_does_not_hide_a_cell_from_backward(tmp_path: Path, body: str) -> None:
    assert kit.scan_training_client(tmp_path, body).decision is not Decision.ACCEPT


def test_a_minibatch_loss_named_loss_stays_clean(tmp_path: Path) -> None:
    body = ("        for i in range(0, len(X), 8):\n            opt.zero_grad()\n"
            "            loss = torch.nn.functional.mse_loss(net(X[i:i + 8]).squeeze(-1), Y[i:i + 8])\n"
            "            loss.backward()\n            opt.step()\n")
    kit.assert_accepted(kit.scan_training_client(tmp_path, body))


# ---- a cell held under a name like a metric's: reviewed, then dropped by any later number or reduction --------

@pytest.mark.parametrize("body", [
    "        acc = float(df['age'].iloc[m.current_round])\n        value = round(acc, 4)\n",
    "        score = int(df.iloc[0, 0])\n        value = float(score)\n",
    "        acc = float(df['age'].iloc[m.current_round])\n        value = sum([acc])\n",
    "        import numpy as np\n        auc = float(df['age'].iloc[m.current_round])\n        value = float(np.mean([auc, auc]))\n",
    # how many local steps, from a cell under a name like `score`
    "        score = int(df.iloc[0, 0])\n        for _ in range(score):\n            opt.zero_grad()\n"
    "            torch.nn.functional.mse_loss(net(X).squeeze(-1), Y).backward()\n            opt.step()\n",
])
def test_a_name_like_a_metric_keeps_a_chosen_cell_through_a_number(tmp_path: Path, body: str) -> None:
    assert kit.scan_training_client(tmp_path, body).decision is not Decision.ACCEPT


def test_an_accuracy_of_the_whole_table_named_acc_stays_clean(tmp_path: Path) -> None:
    body = ("        acc = float(((net(X).squeeze(-1) > 0) == (Y > 0)).float().mean())\n"
            "        value = round(acc, 4) + float(sum([acc]))\n")
    kit.assert_accepted(kit.scan_training_client(tmp_path, body))


# ---- left open (documented in docs/architecture.md, "Red team 15") ------------------------------------------------

OPEN = [
    # (a dot product in a helper of the job whose factors are its parameters: closed by red team 17)
    # (one optimizer step on the row the server names, `X[r:r + 1]`: closed in session 36, syntax._window)
    # (the gradient of one row, BatchNorm's statistics over the first two rows: closed in session 35, below)
    # (the distinct values of an identifier column in the job log: closed by red team 50b, tests/test_redteam50b.py)
    # a boosted tree grown to single rows: its leaves are rows' targets, its thresholds their ids
    "        import xgboost as xgb\n        bst = xgb.train({'max_depth': 20, 'min_child_weight': 0, 'eta': 1.0, 'lambda': 0},"
    " xgb.DMatrix(df[['id']].values, label=df['age'].values), 1)\n"
    "        flare.send(flare.FLModel(params={'model': bst.save_raw('json')}))\n",
]


@pytest.mark.xfail(strict=True, reason="red team 15, left open (session 33 reviewed): a booster grown to single "
                   "rows is what NVFlare's tree-based XGBoost sends whole, and no depth or child weight bounds what "
                   "the author may set")
@pytest.mark.parametrize("body", OPEN)
def test_left_open(tmp_path: Path, body: str) -> None:
    assert kit.scan_training_client(tmp_path, body).decision is not Decision.ACCEPT


# ---- one optimizer step on the rows the server names, `X[r:r + 1]` (session 36, roads36: syntax._window) --------

@pytest.mark.parametrize("body", [
    "        r = m.current_round\n        opt.zero_grad()\n"
    "        torch.nn.functional.mse_loss(net(X[r:r + 1]).squeeze(-1), Y[r:r + 1]).backward()\n        opt.step()\n",
    "        r = int(m.meta['row'])\n        opt.zero_grad()\n"
    "        torch.nn.functional.mse_loss(net(X[r:r + 2]).squeeze(-1), Y[r:r + 2]).backward()\n        opt.step()\n",
])
def test_a_step_on_the_rows_the_server_names_is_not_accepted(tmp_path: Path, body: str) -> None:
    assert kit.scan_training_client(tmp_path, body).decision is not Decision.ACCEPT


def test_a_per_row_loop_of_the_same_width_stays_clean(tmp_path: Path) -> None:
    body = ("        for r in range(len(X)):\n            opt.zero_grad()\n"
            "            torch.nn.functional.mse_loss(net(X[r:r + 1]).squeeze(-1), Y[r:r + 1]).backward()\n"
            "            opt.step()\n")
    kit.assert_accepted(kit.scan_training_client(tmp_path, body))


# ---- the first rows by a constant slice: x[:k] with k <= 4 names rows (session 35, syntax._FIRST_ROWS) ----------

@pytest.mark.parametrize("body", [
    # the gradient of one row sent as the update
    "        opt.zero_grad()\n        torch.nn.functional.mse_loss(net(X[:1]).squeeze(-1), Y[:1]).backward()\n"
    "        flare.send(flare.FLModel(params={k: p.grad for k, p in net.named_parameters()}))\n",
    # BatchNorm's running mean over the first two rows (momentum 1: their mean)
    "        bn = torch.nn.BatchNorm1d(X.shape[1], momentum=1.0)\n        bn.train()\n        bn(X[:2])\n"
    "        flare.send(flare.FLModel(params=bn.state_dict()))\n",
    "        bn = torch.nn.BatchNorm1d(X.shape[1], momentum=1.0)\n        bn.train()\n        bn(X[0:4])\n"
    "        flare.send(flare.FLModel(params=bn.state_dict()))\n",
])
def test_the_first_rows_named_by_a_slice_are_those_rows(tmp_path: Path, body: str) -> None:
    assert kit.scan_training_client(tmp_path, body).decision is not Decision.ACCEPT


def test_a_warm_up_batch_of_the_first_rows_stays_clean(tmp_path: Path) -> None:
    body = ("        bn = torch.nn.Sequential(torch.nn.BatchNorm1d(X.shape[1]), torch.nn.Linear(X.shape[1], 1))\n"
            "        bn(X[:8])\n        for i in range(0, len(X), 8):\n            opt.zero_grad()\n"
            "            torch.nn.functional.mse_loss(bn(X[i:i + 8]).squeeze(-1), Y[i:i + 8]).backward()\n"
            "            opt.step()\n        flare.send(flare.FLModel(params=bn.state_dict()))\n")
    kit.assert_accepted(kit.scan_training_client(tmp_path, body))


# ---- a file descriptor opened for writing: stdout and stderr are the job's log --------------------------------

@pytest.mark.parametrize("body", [
    "        open(2, 'w', closefd=False).write(str(df.head(50).values.tolist()))\n",
    "        with open(1, 'w', closefd=False) as out:\n            out.write(str(df.head(50).values.tolist()))\n",
    "        FD = 2\n        open(FD, 'w', closefd=False).write(str(df.head(50).values.tolist()))\n",
])
def test_open_of_a_file_descriptor_is_no_write_into_the_jobs_folder(tmp_path: Path, body: str) -> None:
    assert kit.scan_training_client(tmp_path, body).decision is not Decision.ACCEPT
