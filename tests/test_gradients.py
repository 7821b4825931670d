"""Hand-written gradients, Hessians and Gram matrices (analyzer/engine/flow/gradients.py): the forms the
grammar vouches for reduce like an aggregate; every product outside it, however it is dressed up, stays
reviewed (data-product) or is the rows themselves (raw-data-in-update)."""

from __future__ import annotations

import pytest

from tests.test_flow import findings, rules_of

PRODUCT = "update-channel-leak.data-product"
RAW = "update-channel-leak.raw-data-in-update"

HEAD = """\
import argparse
import os
import numpy as np
import pandas as pd
import scipy.special
import nvflare.client as flare
df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.csv"))
y = df.pop("label").to_numpy(float)
X = df.to_numpy(float)
n = len(y)
m = flare.receive()
w = m.params["w"]
"""


def sent(body: str, value: str) -> set[str]:
    return rules_of(HEAD + body + f'\nflare.send(flare.FLModel(params={{"g": {value}}}))\n')


BENIGN = {
    "gradient of least squares": ("", "X.T @ (X @ w - y) / n"),
    "scaled on the left, as Python parses it": ("", "0.1 * X.T @ (X @ w - y) / len(y)"),
    "logistic gradient": ("p = 1.0 / (1.0 + np.exp(-(X @ w)))", "X.T @ (p - y)"),
    "np.dot and y - p": ("p = scipy.special.expit(np.dot(X, w))", "np.dot(X.T, (y - p))"),
    "Gram matrix": ("", "X.T @ X"),
    "cross moments": ("", "X.T @ y"),
    "a batch standardised by the table's statistics": (
        "i = len(y) // 2\nB = (X[i:i + 32] - X.mean(axis=0)) / (X.std(0) + 1e-8)", "B.T @ (B @ w - y[i:i + 32])"),
    "read with or without a header line": (
        "B = pd.read_csv('/data/a.csv', header=None).to_numpy(float)\nC = pd.read_csv('/data/a.csv', header=0)"
        ".to_numpy(float)", "B.T @ B + C.T @ C"),
    "scaled by sizes and options": ("s = float(len(X)) / round(X.shape[1] * 2.0) + w.size", "s * X.T @ (X @ w - y)"),
    "Hessian with np.diag": ("p = 1 / (1 + np.exp(-X @ w))\nD = np.diag(p * (1 - p))", "X.T.dot(D).dot(X)"),
    "Hessian weighted transpose": ("p = 1 / (1 + np.exp(-X @ w))", "-(X.T * (p * (1 - p))) @ X"),
    "the job's own sigmoid": ("def sigmoid(z):\n    return 1 / (1 + np.exp(-z))\np = sigmoid(X @ w)",
                              "X.T @ (p - y)"),
    "clipped link": ("p = np.clip(1 / (1 + np.exp(-np.clip(X @ w, -30, 30))), 1e-9, 1 - 1e-9)", "X.T @ (p - y)"),
    "bias column and standardisation": (
        "Z = (X - X.mean(axis=0)) / (X.std(axis=0) + 1e-8)\nZ = np.hstack([np.ones((n, 1)), Z])",
        "Z.T @ (Z @ w - y)"),
    "mini-batches with clean bounds": (
        "g = 0\nfor i in range(0, n, 32):\n    xb = X[i:i + 32]\n    g = g + xb.T @ (xb @ w - y[i:i + 32])",
        "g"),
    "a permutation's batch": ("idx = np.random.permutation(n)[:256]", "X[idx].T @ (X[idx] @ w - y[idx])"),
    "an argparse learning rate": (
        "parser = argparse.ArgumentParser()\nparser.add_argument('--lr', type=float, default=0.1)\n"
        "args = parser.parse_args()\nfor _ in range(5):\n    w = w - args.lr * X.T @ (X @ w - y) / n", "w"),
    "a design matrix formatted into a message": ("msg = 'rows {}'.format(X)", "X.T @ (X @ w - y)"),
    "named columns": ("COLS = ['age', 'bmi']\nA = df[COLS[:-1]].to_numpy(float)", "A.T @ (A @ w - y)"),
}


@pytest.mark.parametrize("name", list(BENIGN))
def test_the_grammar_vouches_for(name: str) -> None:
    body, value = BENIGN[name]
    assert not sent(body, value), name


ATTACKS = {
    # the brief's list
    "a one-hot vector": ("onehot = np.zeros(n)\nonehot[3] = 1", "X.T @ onehot"),
    "a prediction zeroed plus a one-hot": ("onehot = np.zeros(n)\nonehot[3] = 1", "X.T @ (X @ w * 0 + onehot)"),
    "labels times a mask": ("mask = np.arange(n) == 3", "X.T @ (y * mask)"),
    "a one-hot from scalar operations on the labels": ("", "X.T @ np.exp(-1e9 * (y - y.max()) ** 2)"),
    "a weighted transpose by a mask": ("mask = (np.arange(n) == 3).astype(float)", "(X.T * mask) @ X"),
    "np.diag of a one-hot": ("onehot = np.eye(n)[3]", "X.T @ np.diag(onehot) @ X"),
    "another matrix in the prediction": ("Z = np.eye(n)[:, :X.shape[1]]", "X.T @ (Z @ w - y)"),
    "a row as the weights": ("", "X.T @ (X @ X[3] - y)"),
    "a function named sigmoid that selects": (
        "def sigmoid(z):\n    return (z >= z.max()).astype(float)\np = sigmoid(X @ w)", "X.T @ (p - y)"),
    # rows chosen some other way
    "a literal row": ("", "X[[3]].T @ (X[[3]] @ w - y[[3]])"),
    "a constant slice": ("", "X[3:4].T @ (X[3:4] @ w - y[3:4])"),
    "rows read with nrows": ("B = pd.read_csv('/data/train.csv', nrows=1).to_numpy(float)", "B.T @ (B @ w - y[:1])"),
    "rows skipped at read": ("B = np.loadtxt('/data/x.csv', skiprows=range(1, 500))", "B.T @ B"),
    "all rows flattened into one": ("B = X.reshape(1, -1)", "B.T @ (B @ w - y)"),
    "rows stacked with crafted ones": ("B = np.concatenate([X, np.eye(5)], axis=0)", "B.T @ B"),
    "standardised by a row": ("B = X - X[3]", "B.T @ (B @ w - y)"),
    "an intercept of per-row weights from the server": ("b = m.params['b']", "X.T @ (X @ w + b - y)"),
    "labels that are not a column": ("t = (X[:, 0] == X[3, 0]).astype(float)", "X.T @ (X @ w - t)"),
    # writes into the design matrix
    "rows zeroed in place": ("X[4:] = 0", "X.T @ (X @ w - y)"),
    "rows masked by an augmented assignment": ("X *= (np.arange(n) == 3)[:, None]", "X.T @ X"),
    "rows zeroed through an alias": ("V = X\nV[np.arange(n) != 3] = 0", "X.T @ (X @ w - y)"),
    "rows zeroed by a helper of the job": (
        "def keep_one(a):\n    a[1:] = 0\nkeep_one(X)", "X.T @ (X @ w - y)"),
    "rows zeroed with out=": ("np.multiply(X, (np.arange(n) == 3)[:, None], out=X)", "X.T @ X"),
    "rows changed by code the gate cannot see": ("import helpers\nhelpers.prepare(X)", "X.T @ (X @ w - y)"),
    "rows zeroed through a dict that holds the matrix": ("d = {}\nd['x'] = X\nd['x'][1:] = 0", "X.T @ X"),
    "rows zeroed through a list it was appended to": ("rows = []\nrows.append(X)\nrows[0][1:] = 0", "X.T @ X"),
    "rows zeroed through a shallow copy": (
        "F = df.copy(deep=False)\nF.iloc[1:] = 0\nA = df.to_numpy(float)", "A.T @ (A @ w - y)"),
    "rows zeroed by a helper through a local alias": (
        "def keep_one(a):\n    b = a\n    b[1:] = 0\nkeep_one(X)", "X.T @ (X @ w - y)"),
    "rows zeroed through an attribute of a helper object": (
        "class H:\n    pass\nh = H()\nsetattr(h, 'a', X)\nh.a[1:] = 0", "X.T @ X"),
    "a learning rate that is a vector": ("lr = np.arange(n) == 3", "lr * X.T @ (X @ w - y)"),
    # red team 3: scalars that are a patient's value (sent beside the unscaled gradient, the ratio is it)
    "a residual scaled by a cell": ("s = float(X[3, 0])", "X.T @ (s * (X @ w - y))"),
    "an intercept that is a cell": ("b = int(X[3, 0])", "X.T @ (X @ w + b - y)"),
    "a scale that is a cell's length": ("s = len('.' * int(X[3, 0]))", "s * X.T @ (X @ w - y)"),
    "a scale counting matching patients": ("s = X[X[:, 0] == 71.0].shape[0]", "s * X.T @ (X @ w - y)"),
    "centred by a one-row batch's median": ("r = int(m.current_round)\nB = X - np.median(X[r:r + 1], axis=0)",
                                            "B.T @ y"),
    "standardised by a batch's mean": ("r = len(y) - 1\nB = (X - X[r:].mean(axis=0)) / X.std(0)", "B.T @ (B @ w - y)"),
    "a header line chosen near the end": ("B = pd.read_csv('/data/train.csv', header=n - 2).to_numpy(float)", "B.T @ B"),
    "a table read transposed": ("B = np.loadtxt('/data/x.csv', delimiter=',', unpack=True)", "B.T @ B"),
    "lines dropped as comments": ("B = pd.read_csv('/data/train.csv', comment='7').to_numpy(float)", "B.T @ B"),
    "a scale from a loop bounded by a cell": ("for s in range(int(X[3, 0])):\n    pass", "s * X.T @ (X @ w - y)"),
}


@pytest.mark.parametrize("name", list(ATTACKS))
def test_anything_outside_the_grammar_is_not_vouched_for(name: str) -> None:
    body, value = ATTACKS[name]
    found = sent(body, value)
    assert found & {PRODUCT, RAW}, (name, found)


def test_weights_written_from_the_rows_earlier_in_the_function() -> None:
    # The prediction was computed while w held a row; w is clean again when the product is taken.
    assert sent("def f(w):\n    return w\nw = X[3]\np = X @ w\nw = np.zeros(3)", "X.T @ (p - y)") & {PRODUCT, RAW}


def test_a_field_set_from_the_job_config_is_no_scalar() -> None:
    # NVFlare builds the executor from the job's JSON: `lr` may be a list, which multiplies rows.
    found = rules_of("""\
        import numpy as np
        from nvflare.apis.dxo import DXO, DataKind
        from nvflare.apis.executor import Executor
        class T(Executor):
            def __init__(self, lr=0.01):
                super().__init__()
                self.lr = lr
                self.x = np.load("/data/x.npy")
                self.y = np.load("/data/y.npy")
            def execute(self, task_name, shareable, fl_ctx, abort_signal):
                w = shareable["w"]
                w = w - self.lr * self.x.T @ (self.x @ w - self.y)
                return DXO(DataKind.WEIGHTS, data={"w": w}).to_shareable()
    """)
    assert PRODUCT in found


def test_a_field_with_a_setattr_in_the_module_is_not_followed() -> None:
    found = rules_of("""\
        import numpy as np
        from nvflare.apis.dxo import DXO, DataKind
        from nvflare.apis.executor import Executor
        class T(Executor):
            def __init__(self):
                super().__init__()
                self.x = np.load("/data/x.npy")
                self.y = np.load("/data/y.npy")
                setattr(self, "x", self.x[3:4])
            def execute(self, task_name, shareable, fl_ctx, abort_signal):
                w = shareable["w"]
                g = self.x.T @ (self.x @ w - self.y)
                return DXO(DataKind.WEIGHTS, data={"g": g}).to_shareable()
    """)
    assert found & {PRODUCT, RAW}


def test_a_field_design_matrix_is_vouched_for() -> None:
    assert not rules_of("""\
        import numpy as np
        from nvflare.apis.dxo import DXO, DataKind
        from nvflare.apis.executor import Executor
        class T(Executor):
            def __init__(self):
                super().__init__()
                arr = np.load("/data/site.npz", allow_pickle=False)
                self.x, self.y = arr["x"], arr["y"]
            def execute(self, task_name, shareable, fl_ctx, abort_signal):
                w = shareable["w"]
                for _ in range(10):
                    w = w - 0.01 * self.x.T @ (self.x @ w - self.y) / len(self.y)
                return DXO(DataKind.WEIGHTS, data={"w": w}).to_shareable()
    """)


def test_a_secret_in_a_vouched_product_stays_a_secret() -> None:
    found = sent("import os\nk = float(os.environ['AWS_SECRET_ACCESS_KEY'])", "k * X.T @ (X @ w - y)")
    assert "credential-harvest.secret-in-channel" in found


STEP = """\
def step(x, y, w, lr=0.1):
    p = 1.0 / (1.0 + np.exp(-(x @ w)))
    grad = x.T @ (p - y) / len(y)
    return w - lr * grad
"""


def test_a_helper_taking_the_design_matrix_is_vouched_for_where_it_is_called() -> None:
    assert not sent(STEP, "step(X, y, w)")
    # NVFlare's hello-lr: a dict of arrays built by the job's loader, items read inside the helper
    assert not sent("""\
def load():
    return {"train_X": np.load("/data/x.npy"), "train_y": np.load("/data/y.npy")}
def newton(data, theta):
    x = np.concatenate((np.ones((data["train_X"].shape[0], 1)), data["train_X"]), axis=1)
    p = 1 / (1 + np.exp(-np.dot(x, theta)))
    D = np.diag((p * (1 - p))[:, 0])
    return {"gradient": np.dot(x.T, data["train_y"] - p), "hessian": x.T.dot(D).dot(x)}
data = load()
res = newton(data, w)""", "res")


@pytest.mark.parametrize("call", [
    "step(X[[3]], y[[3]], w)",  # one row passed in
    "step(X * (np.arange(n) == 3)[:, None], y, w)",  # rows masked on the way in
    "step(np.eye(n), y, w)",  # the identity as the design matrix
    "step(X, (np.arange(n) == 3).astype(float), w)",  # a one-hot as the labels
    "step(x=X[[3]], y=y[[3]], w=w)",  # by keyword
    "step(*[X[[3]], y[[3]], w])",  # unpacked
    "[step(a, y, w) for a in [X[[3]]]]",  # from a comprehension
    "list(map(lambda a: step(a, y, w), [X[[3]]]))",  # through map and a lambda
])
def test_a_helper_called_with_anything_but_a_design_matrix_is_not_vouched_for(call: str) -> None:
    assert sent(STEP, call) & {PRODUCT, RAW}, call


def test_a_scale_factor_passed_to_a_helper_is_no_scalar() -> None:
    # `lr * x.T` is `(lr * x.T)`: a caller may pass a vector, which multiplies rows
    helper = "def step(x, y, w, lr):\n    return lr * x.T @ (x @ w - y)\n"
    assert PRODUCT in sent(helper, "step(X, y, w, (np.arange(n) == 3) * 1.0)")
    assert PRODUCT in sent(helper, "step(X, y, w, 0.1)")


def test_weights_from_the_rows_passed_to_a_helper_are_the_rows() -> None:
    assert RAW in sent(STEP, "step(X, y, X[3])")
    helper = "def step(x, y):\n    w = x[3]\n    return x.T @ (x @ w - y)\n"
    assert sent(helper, "step(X, y)") & {PRODUCT, RAW}


def test_one_bad_call_does_not_spoil_the_good_one_or_hide() -> None:
    found = findings(HEAD + STEP + """\
flare.send(flare.FLModel(params={"w": step(X, y, w)}))
flare.send(flare.FLModel(params={"w": step(X[:1], y[:1], w)}))
""")
    assert [f.line for f in found if f.rule in (PRODUCT, RAW)] == [HEAD.count("\n") + STEP.count("\n") + 2]


def test_a_helper_that_hands_back_its_argument_aliases_it() -> None:
    # `view` returns its argument: writing through the result writes into X
    body = "def view(a):\n    return a\nV = view(X)\nV[1:] = 0"
    assert sent(body, "X.T @ (X @ w - y)") & {PRODUCT, RAW}
    # a helper that returns a new array does not
    body = "def scaled(a):\n    return a * 2.0\nV = scaled(X)\nV[1:] = 0"
    assert not sent(body, "X.T @ (X @ w - y)")


def test_a_constructor_storing_several_parameters_is_still_followed() -> None:
    # (what __init__ stores into fields is substituted after its other effects: no name may clash there)
    found = rules_of("""\
        import pandas as pd
        import nvflare.client as flare
        class Holder:
            def __init__(self, a, b):
                self.a = a
                self.b = b
        df = pd.read_csv("/data/train.csv")
        h = Holder(df, df)
        flare.send(flare.FLModel(params={"rows": h.a.to_numpy()}))
    """)
    assert RAW in found


def test_a_constant_range_of_rows_is_no_batch() -> None:
    assert sent("idx = np.arange(3, 4)", "X[idx].T @ (X[idx] @ w - y[idx])") & {PRODUCT, RAW}
    assert not sent("idx = np.arange(n)", "X[idx].T @ (X[idx] @ w - y[idx])")


def test_a_shape_stored_elsewhere_holds_no_rows() -> None:
    body = "meta = {}\nmeta['n'] = X.shape[0]\nmeta['cols'] = df.columns\nmeta.clear()"
    assert not sent(body, "X.T @ (X @ w - y)")


def test_functions_that_call_themselves_end_the_check_without_vouching() -> None:
    body = "def sigmoid(z):\n    return sigmoid(z)\ndef parse():\n    return parse()\nargs = parse()"
    assert sent(body, "X.T @ (sigmoid(X @ w) - y)") & {PRODUCT, RAW}
    assert sent(body, "args.lr * X.T @ (X @ w - y)") & {PRODUCT, RAW}


def test_an_image_is_no_design_matrix() -> None:
    body = "from PIL import Image\nI = np.asarray(Image.open('/data/scan_001.png'), dtype=float)"
    assert sent(body, "I.T @ I") & {PRODUCT, RAW}
