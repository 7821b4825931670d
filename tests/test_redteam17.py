"""Red team 17: data leaving the site through the update, its metrics and the job log, on main as it stood at the
start of session 30 (5bdecca). Each attack here was accepted before its fix and must stay caught; the legitimate
idiom nearest to each must stay accepted. Samples: corpus/*/rt17_*."""

from __future__ import annotations

from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.model import Decision

# ---- a dot product in a helper of the job: the site's data reaches both factors only at the call ---------------

PICK = "(df['id'].values == 7).astype(float)"  # patient 7's row, as weights


@pytest.mark.parametrize("body", [
    "        def dot(u, v):\n            return u @ v\n"
    f"        value = value + float(dot(df['age'].values, {PICK}))\n",
    "        import numpy as np\n        def dot(u, v):\n            return np.dot(u, v)\n"
    f"        value = value + float(dot(df['age'].values, {PICK}))\n",
    "        def dot(u, v):\n            return u.dot(v)\n"
    f"        value = value + float(dot(df['age'].values, {PICK}))\n",
    # one factor the site's data itself, the other the parameter
    "        def weigh(v):\n            return df['age'].values @ v\n"
    f"        value = value + float(weigh({PICK}))\n",
    # the parameters passed by keyword, the helper a method of a class
    "        class Ops:\n            def dot(self, u, v):\n                return u @ v\n"
    f"        value = value + float(Ops().dot(v={PICK}, u=df['age'].values))\n",
    # a factor mixed with a vouched gradient (0 * g): only the gradient's parameters are a model's step
    "        import numpy as np\n        def dot(u, v, x, y, w):\n            g = x.T @ (x @ w - y)\n"
    "            return u @ (v + 0 * g[0])\n        Xn = df.drop(columns=['y']).values\n"
    f"        value = value + float(dot(df['age'].values, {PICK}, Xn, df['y'].values, np.zeros(Xn.shape[1])))\n",
], ids=["matmul", "np_dot", "dot_method", "one_side_site", "keywords_method", "mixed_with_gradient"])
def test_a_helper_multiplying_two_of_the_sites_vectors_is_reviewed(tmp_path: Path, body: str) -> None:
    assert kit.scan_training_client(tmp_path, body).decision is not Decision.ACCEPT


def test_a_prediction_helper_and_a_sum_of_squares_helper_stay_clean(tmp_path: Path) -> None:
    body = ("        import numpy as np\n"
            "        def predict(x, w):\n            return x @ w\n"
            "        def sse(e):\n            return e @ e\n"
            "        Xn = df.drop(columns=['y']).values\n        wt = net.weight.detach().numpy()[0]\n"
            "        err = df['y'].values - predict(Xn, wt)\n"
            "        value = value + float(np.mean(predict(Xn, wt))) + float(sse(err)) / len(err)\n")
    kit.assert_accepted(kit.scan_training_client(tmp_path, body))


# ---- a library fit on a design with a column that compares the site's data with a value the code chose ---------

FIT = ("        from sklearn.linear_model import LinearRegression, SGDRegressor\n        import numpy as np\n"
       "        ids, age = df[['id']], df['age'].values\n")


@pytest.mark.parametrize("body", [
    # coef_ + intercept_ is patient 7's age: the fit sees the whole table, so no cohort size stops it
    "        r = LinearRegression().fit((ids.values == 7).astype(float), age)\n",
    "        r = SGDRegressor().fit((ids.values == 7).astype(float), age)\n",
    "        r = LinearRegression().fit(np.where(ids.values == 7, 1.0, 0.0), age)\n",
    "        r = LinearRegression().fit(ids.eq(7).astype(float).values, age)\n",
    "        r = LinearRegression().fit(ids.isin([7]).astype(float).values, age)\n",
], ids=["compare", "sgd", "where", "eq_method", "isin_method"])
def test_a_fit_on_a_chosen_rows_indicator_is_reviewed(tmp_path: Path, body: str) -> None:
    body = FIT + body + "        value = value + float(r.coef_[0] + r.intercept_)\n"
    assert kit.scan_training_client(tmp_path, body).decision is not Decision.ACCEPT


@pytest.mark.parametrize("body", [
    "        value = value + float((age * ids['id'].eq(7)).sum())\n",
    "        value = value + float((age * ids['id'].isin([7])).sum())\n",
], ids=["eq_weight", "isin_weight"])
def test_a_method_comparison_is_a_mask_as_the_operator_is(tmp_path: Path, body: str) -> None:
    assert kit.scan_training_client(tmp_path, FIT + body).decision is not Decision.ACCEPT


def test_a_fit_on_the_sites_columns_and_comparisons_of_predictions_stay_clean(tmp_path: Path) -> None:
    body = FIT + ("        r = LinearRegression().fit(df.drop(columns=['y']).values, age)\n"
                  "        value = value + float(r.coef_[0] + r.intercept_)\n"
                  "        value = value + float((net(X).squeeze(-1).gt(0).float() == Y).float().mean())\n")
    kit.assert_accepted(kit.scan_training_client(tmp_path, body))


@pytest.mark.parametrize("body", [
    # the mask made in a helper from its parameter: as inline, whatever each call passes
    "        def weights(frame):\n            return (frame['id'].values == 7).astype(float)\n"
    "        value = value + float((df['age'].values * weights(df)).sum())\n",
    "        def design(frame):\n            return frame[['id']].eq(7).astype(float).values\n"
    "        from sklearn.linear_model import LinearRegression\n"
    "        r = LinearRegression().fit(design(df), df['age'].values)\n"
    "        value = value + float(r.coef_[0] + r.intercept_)\n",
], ids=["helper_weights", "helper_design"])
def test_a_mask_made_in_a_helper_is_a_mask(tmp_path: Path, body: str) -> None:
    assert kit.scan_training_client(tmp_path, body).decision is not Decision.ACCEPT


# ---- left open (documented in docs/architecture.md, "Red team 17") ------------------------------------------------

OPEN = [
    # the indicator of one row trained by autograd: an optimizer step is clean (the batch-size limit, one row wide)
    "        F = torch.tensor((df[['id']].values == 7).astype('float32'))\n        lin = torch.nn.Linear(1, 1)\n"
    "        o2 = torch.optim.SGD(lin.parameters(), lr=0.1)\n        for _ in range(100):\n            o2.zero_grad()\n"
    "            torch.nn.functional.mse_loss(lin(F).squeeze(-1), Y).backward()\n            o2.step()\n"
    "        value = value + float(lin.weight[0, 0] + lin.bias[0])\n",
    # a one-hot encoding of an identifier column, fitted by a library: one coefficient per id (per-class layout)
    "        from sklearn.linear_model import Ridge\n        from sklearn.preprocessing import OneHotEncoder\n"
    "        F = OneHotEncoder(sparse_output=False).fit_transform(df[['id']])\n"
    "        value = value + float(Ridge(alpha=1e-9, fit_intercept=False).fit(F, df['age'].values).coef_[0])\n",
    # a classifier told one row is the positive class: its coefficients point at that row (binarised labels)
    "        from sklearn.linear_model import LogisticRegression\n"
    "        value = value + float(LogisticRegression().fit(X.numpy(), (df['id'].values == 7).astype(int)).coef_[0, 0])\n",
]


@pytest.mark.xfail(strict=True, reason="red team 17, left open (session 33 reviewed): an indicator trained by "
                   "autograd is an optimizer step, which is clean (the batch-size limit); a library's one-hot of an id "
                   "column is a category's one-hot (one coefficient per distinct value: the per-class layout limit); "
                   "fit(X, ids == 7) is binarised labels (`y == 1`) by structure, and the gate does not know which "
                   "column identifies a person")
@pytest.mark.parametrize("body", OPEN)
def test_left_open(tmp_path: Path, body: str) -> None:
    assert kit.scan_training_client(tmp_path, body).decision is not Decision.ACCEPT
