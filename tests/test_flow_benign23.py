"""Positive rules for idioms of the benign corpus that the flow analysis used to review (session 23), each with
the way the same idiom leaks, which must still be reviewed or rejected: a linear model's predictions are of its
coefficients (parametric_predictions), and where a fit starts its coefficients is in them (fit_initial_values).
One behaviour per test."""

from __future__ import annotations

import pytest

from tests.test_flow import rules_of
from tests.test_flow_aggregates import HEAD, MAE, RAW, UNKNOWN, sent

SK = "from sklearn import linear_model, neighbors\n"
Y = "y = df['los'].to_numpy(dtype=float)\n"


@pytest.mark.parametrize("setup,expr", [
    # near_sklearn_sgd_partial_fit: initialised on one row, trained on batches, scored on the table taken whole
    ("reg = linear_model.SGDRegressor()\nreg.partial_fit(x[:1], y[:1])\n", "mean_absolute_error(y, reg.predict(x))"),
    ("clf = linear_model.SGDClassifier(loss='log_loss')\nclf.partial_fit(x[:2], y[:2] > 5, classes=[False, True])\n",
     "float(clf.predict_proba(x)[:, 1].mean())"),
])
def test_a_metric_of_a_linear_models_predictions_is_as_clean_as_its_coefficients(setup: str, expr: str) -> None:
    assert not sent(expr, MAE + SK + Y + setup)


def test_the_coefficients_of_the_same_fit_were_already_model_state() -> None:
    # the relaxation adds nothing the update did not already carry: coef_ after a fit on one row is vouched for
    assert not sent("reg.coef_.tolist()", SK + Y + "reg = linear_model.SGDRegressor()\nreg.partial_fit(x[:1], y[:1])\n")


@pytest.mark.parametrize("expr", ["reg.coef_.tolist()", "mean_absolute_error(y, reg.predict(x))"])
def test_a_fit_of_named_rows_is_reviewed(expr: str) -> None:
    # red team 48a: a fit (not partial_fit, which sizes coef_ before the server's weights replace them) of two named
    # rows has coefficients of those rows alone (Ridge's are a combination of them), so are its predictions
    assert UNKNOWN in sent(expr, MAE + SK + Y + "reg = linear_model.Ridge()\nreg.fit(x[:2], y[:2])\n")


@pytest.mark.parametrize("setup,expr", [
    # an estimator that keeps the rows it saw predicts with them: one row's neighbours are that row
    ("reg = neighbors.KNeighborsRegressor(n_neighbors=1)\nreg.fit(x[r:r + 1], y[r:r + 1])\n",
     "mean_absolute_error(y, reg.predict(x))"),
    # RANSAC's estimator may be any model
    ("reg = linear_model.RANSACRegressor(neighbors.KNeighborsRegressor(n_neighbors=1))\nreg.fit(x[r:r + 1], y[r:r + 1])\n",
     "mean_absolute_error(y, reg.predict(x))"),
    # a classifier's predict() hands back the labels it saw
    ("clf = linear_model.SGDClassifier()\nclf.partial_fit(x[r:r + 1], y[r:r + 1], classes=np.unique(y))\n",
     "float(np.mean(clf.predict(x)))"),
])
def test_predictions_that_are_not_of_coefficients_alone_are_reviewed(setup: str, expr: str) -> None:
    assert UNKNOWN in sent(expr, MAE + SK + Y + setup)


def test_a_linear_model_fitted_to_memorise_the_targets_predicts_them() -> None:
    # a design without the site's data: the coefficients are the targets, and so are its predictions
    setup = "reg = linear_model.LinearRegression(fit_intercept=False).fit(np.eye(len(y)), y)\n"
    assert RAW in sent("reg.predict(np.eye(len(y))).tolist()", SK + Y + setup)


@pytest.mark.parametrize("expr,rule", [("reg.coef_.tolist()", RAW), ("reg.predict(np.eye(2)).tolist()", RAW),
                                       ("mean_absolute_error(y, reg.predict(x))", UNKNOWN)])  # a statistic of it
@pytest.mark.parametrize("start", ["coef_init=x[r]", "intercept_init=y[r:r + 1]"])
def test_a_fit_started_from_a_row_holds_it(start: str, expr: str, rule: str) -> None:
    # with a step small enough, SGD leaves the coefficients where they started
    setup = f"reg = linear_model.SGDRegressor(eta0=1e-12, max_iter=1)\nreg.fit(x, y, {start})\n"
    assert rule in sent(expr, MAE + SK + Y + setup)


def test_a_fit_started_from_the_servers_weights_is_clean() -> None:
    setup = "reg = linear_model.SGDRegressor()\nreg.fit(x, y, coef_init=np.asarray(m.params['coef']))\n"
    assert not sent("reg.coef_.tolist()", SK + Y + setup)


# sklearn_sgd_client: partial_fit(..., classes=np.unique(y)) tells the model its classes (distinct values: reviewed)
TOLD = ("clf = linear_model.SGDClassifier(loss='log_loss')\n"
        "clf.partial_fit(x[:2], y[:2] > 5, classes=np.unique(y > 5))\nclf.partial_fit(x, y > 5)\n")


@pytest.mark.parametrize("expr", ["clf.coef_.tolist()", "float(clf.predict_proba(x)[:, 1].mean())",
                                  "clf.decision_function(x).mean()"])
def test_the_classes_a_fit_is_told_are_only_counted_in_its_coefficients(expr: str) -> None:
    assert not sent(expr, SK + Y + TOLD)


@pytest.mark.parametrize("classes", ["np.unique(df['patient_id'])", "df['patient_id'].to_numpy()"])
@pytest.mark.parametrize("expr", ["clf.classes_.tolist()", "clf.predict(x).tolist()"])
def test_the_classes_a_fit_is_told_are_in_its_classes_and_labels(classes: str, expr: str) -> None:
    # the values themselves (identifiers, for all the gate knows) come back from classes_ and predict()
    setup = f"clf = linear_model.SGDClassifier()\nclf.partial_fit(x, np.zeros(len(x)), classes={classes})\n"
    assert sent(expr, SK + setup) & {RAW, UNKNOWN}


def test_a_statistic_fitted_as_targets_is_no_class_list() -> None:
    # the labels flag is the classes keyword's alone: a statistic passed as the targets stays in the coefficients
    setup = "clf = linear_model.SGDRegressor()\ns = float(np.mean(x[r:r + 1, 0]))\nclf.partial_fit(x, np.full(len(x), s))\n"
    assert UNKNOWN in sent("clf.coef_.tolist()", SK + setup)


# nvx_dp_opacus_client: `preds.extend(model(x)...)` in main wrote, by spelling, into the x a loader function shares
SHARE = ("def load(path):\n    d = pd.read_csv(path)\n    x = torch.tensor(d.values)\n    n = int(0.8 * len(d))\n"
         "    return x[n:]\n"
         "v = load('/data/site/train.csv')\n")


@pytest.mark.parametrize("binding", ["preds = []", "preds, seen = [], set()", "preds = [t for t in ()]"])
def test_a_builtin_containers_method_writes_into_nothing_it_is_handed(binding: str) -> None:
    other = (f"def main(loader):\n    model = torch.nn.Linear(2, 1)\n    {binding}\n    for x, y in loader:\n"
             "        preds.extend(model(x).tolist())\n")
    assert not sent("float(v.mean())", other + SHARE)


@pytest.mark.parametrize("binding", [
    "preds = make_history()",  # code the gate cannot see: its extend may write into x
    "preds = []\n    preds = make_history()",  # one binding of the scope is no display
    "preds = [] if loader else make_history()",
])
def test_a_method_of_what_may_be_no_builtin_container_may_write_into_its_argument(binding: str) -> None:
    other = (f"from helpers import make_history\ndef main(loader):\n    {binding}\n    for x, y in loader:\n"
             "        preds.extend(x)\n")
    assert UNKNOWN in sent("float(v.mean())", other + SHARE)


# Writes into a fitted estimator are in its state: coef_ and a linear model's predictions show them (these wrote
# a row into the coefficients and were accepted before session 23)
FITTED = "reg = linear_model.SGDRegressor()\nreg.fit(x, y)\n"


@pytest.mark.parametrize("write", [
    "reg.coef_ = x[7].copy()",
    "alias = reg\nalias.coef_ = x[7].copy()",
    "reg.coef_[:] = x[7]",
    "c = reg.coef_\nc += x[7]",
])
@pytest.mark.parametrize("expr", ["reg.coef_.tolist()", "reg.predict(np.eye(2)).tolist()"])
def test_what_the_job_writes_into_a_fitted_estimator_is_in_its_state(write: str, expr: str) -> None:
    assert RAW in sent(expr, SK + Y + FITTED + write + "\n")


def test_the_servers_coefficients_written_into_an_estimator_are_clean() -> None:
    write = "reg.coef_ = np.asarray(m.params['coef'])\nreg.coef_[:] = np.asarray(m.params['coef'])\n"
    assert not sent("reg.coef_.tolist()", SK + Y + FITTED + write)


def test_an_augmented_write_through_a_view_reaches_what_holds_it() -> None:
    # numpy's += is in place: the dict that holds the array holds the row too
    setup = "sd = {k: np.asarray(v) for k, v in m.params.items()}\nw = sd['w']\nw += x[7]\n"
    assert RAW in sent("sd", setup)


def test_a_fit_seen_through_a_dict_of_its_coefficients_stays_training() -> None:
    # nvflare examples/advanced/sklearn-linear/client.py: the fit's rows reach the dict that holds coef_ (a view)
    # and come back to the estimator from it; they are still what it was trained on, not rows written into it
    text = HEAD + SK + Y + """\
from sklearn.metrics import roc_auc_score
clf = None
while flare.is_running():
    m = flare.receive()
    if m.current_round == 0:
        clf = linear_model.SGDClassifier(max_iter=1, warm_start=True)
        clf.classes_ = np.array([0, 1])
        clf.coef_ = np.zeros((1, 2))
    else:
        clf.coef_ = m.params["coef"]
    clf.fit(x, y > 5)
    auc = roc_auc_score(y > 5, clf.decision_function(x))
    if clf.fit_intercept:
        params = {"coef": clf.coef_, "intercept": clf.intercept_}
    else:
        params = {"coef": clf.coef_}
    flare.send(flare.FLModel(params=params, metrics={"AUC": auc}))
"""
    assert not rules_of(text)
