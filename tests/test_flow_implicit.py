"""What a branch reveals (implicit flows) and what a function reads of its module's names. A value chosen by
a test of the site's data carries a bit of that data; sending 256 such bits spells out a cell. One
behaviour per test."""

from __future__ import annotations

import pytest

from tests.test_flow import rules_of
from tests.test_flow_aggregates import HEAD as TABLE, RAW, UNKNOWN

HEAD = "import os\n" + TABLE + "w = x[r:r + 1]\n"


def found(body: str) -> set[str]:
    return rules_of(HEAD + body)


@pytest.mark.parametrize("body", [
    # a conditional expression
    'flare.send(flare.FLModel(params={}, metrics={str(t): 1 if w[0, 0] > t else 0 for t in range(256)}))\n',
    # a comprehension's filter decides which elements are counted
    'flare.send(flare.FLModel(params={}, metrics={"n": [len([v for v in w[:, 0] if v > t]) for t in range(256)]}))\n',
    'flare.send(flare.FLModel(params={}, metrics={"n": [w[w[:, 0] > t].shape[0] for t in range(256)]}))\n',
    # assignments in a branch
    'bits = {}\nfor t in range(256):\n    if w[0, 0] > t:\n        bits[str(t)] = 1\n    else:\n        bits[str(t)] = 0\n'
    'flare.send(flare.FLModel(params={}, metrics=bits))\n',
    # an early return: what follows runs only on the other branch
    'def bit(t):\n    if w[0, 0] > t:\n        return 1\n    return 0\n'
    'flare.send(flare.FLModel(params={}, metrics={str(t): bit(t) for t in range(256)}))\n',
    # where a loop stops
    'for t in range(256):\n    if w[0, 0] <= t:\n        break\nflare.send(flare.FLModel(params={}, metrics={"v": t}))\n',
    't = 0\nwhile w[0, 0] > t:\n    t += 1\nflare.send(flare.FLModel(params={}, metrics={"v": t}))\n',
    # whether it is sent at all
    'if w[0, 0] > 50:\n    flare.send(flare.FLModel(params={}, metrics={"v": 1}))\n',
])
def test_a_value_decided_by_chosen_rows_is_reviewed(body: str) -> None:
    assert UNKNOWN in found(body)


def test_a_branch_on_the_table_taken_whole_is_an_aggregate() -> None:
    # a mean of the column (a threshold's share, `(x[:, 0] > 1).mean()`, is reviewed itself since red team 58a)
    body = 'best = 0.0\nacc = float(x[:, 0].mean())\nif acc > best:\n    best = acc\n' \
           'flare.send(flare.FLModel(params={}, metrics={"v": best}))\n'
    assert not found(body)


def test_a_branch_on_a_secret_decides_what_is_logged_for_a_person() -> None:
    body = 'key = os.environ["AWS_SECRET_ACCESS_KEY"]\nfor i in range(40):\n' \
           '    for c in "abcdefghijklmnopqrstuvwxyz0123456789":\n        if key[i] == c:\n            print(i, c)\n'
    assert UNKNOWN in found(body)
    assert not found('if os.environ.get("PATH"):\n    print("path set")\n')


@pytest.mark.parametrize("body,rule", [
    ('def f():\n    return x\nflare.send(flare.FLModel(params={"w": f()}))\n', RAW),
    ('def f(t):\n    return x[r, 0] > t\nflare.send(flare.FLModel(params={}, metrics={"a": int(f(3))}))\n', RAW),
    # bound after the function is defined and before it is called
    ('def f():\n    return late\nlate = x[r]\nflare.send(flare.FLModel(params={"w": f()}))\n', RAW),
])
def test_a_function_the_module_calls_reads_the_module_names_bound_so_far(body: str, rule: str) -> None:
    assert rule in found(body)


# -- values that reach the update by roads the analysis did not walk


@pytest.mark.parametrize("body", [
    # a class body runs where the class is defined, and what it binds is a field of the class
    'class C:\n    flare.send(flare.FLModel(params={"w": x[:5]}))\n',
    'class C:\n    data = x[:5]\nflare.send(flare.FLModel(params={"w": C.data}))\n',
    'class C:\n    rows = x[:5]\n    def get(self):\n        return self.rows\nflare.send(flare.FLModel(params={"w": C().get()}))\n',
    'class C:\n    rows = x[:5]\nflare.send(flare.FLModel(params={"w": getattr(C, "rows")}))\n',
    'class C:\n    rows = x[:5]\nflare.send(flare.FLModel(params={"w": C.__dict__["rows"]}))\n',
    'class C:\n    rows = x[:5]\nk = "ro" + "ws"\nflare.send(flare.FLModel(params={"w": getattr(C(), k)}))\n',
    # a default argument is what a call that passes nothing gets
    'def f(d=x[:5]):\n    return d\nflare.send(flare.FLModel(params={"w": f()}))\n',
    # in place into a value that is no parameter
    'import torch\nt = torch.zeros(5)\nt.copy_(torch.tensor(x[:5, 0]))\nflare.send(flare.FLModel(params={"w": t}))\n',
    'a = np.zeros((5, 2))\nnp.add(a, x[:5], out=a)\nflare.send(flare.FLModel(params={"w": a}))\n',
])
def test_rows_reach_the_update_through_classes_defaults_and_in_place_writes(body: str) -> None:
    assert RAW in found(body)


def test_constants_of_a_class_and_defaults_stay_clean() -> None:
    assert not found('class Cfg:\n    lr = 0.1\ndef f(n=3):\n    return n\n'
                     'flare.send(flare.FLModel(params={"w": Cfg.lr, "n": f()}))\n')


@pytest.mark.parametrize("fit", [
    "LinearRegression(fit_intercept=False).fit(np.eye(len(x)), x[:, 0])",
    "LinearRegression().fit(X=np.eye(len(x)), y=x[:, 0])",
])
def test_the_coefficients_of_a_fit_on_a_design_without_site_data_are_its_targets(fit: str) -> None:
    body = f'from sklearn.linear_model import LinearRegression\nest = {fit}\n' \
           'flare.send(flare.FLModel(params={"w": est.coef_}))\n'
    assert RAW in found(body)


def test_the_coefficients_of_a_fit_on_the_site_data_are_model_parameters() -> None:
    body = 'from sklearn.linear_model import LinearRegression\nest = LinearRegression().fit(x, df["y"])\n' \
           'flare.send(flare.FLModel(params={"w": est.coef_, "b": est.intercept_}))\n'
    assert not found(body)


@pytest.mark.parametrize("listing", [
    'glob.glob("/data/site/*")', 'os.listdir("/data/site")', '[p.name for p in Path("/data/site").rglob("*.nii")]'])
def test_a_folder_listing_in_the_update_is_the_site_file_names(listing: str) -> None:
    body = f'import glob\nfrom pathlib import Path\nfiles = {listing}\n' \
           'flare.send(flare.FLModel(params={}, meta={"files": files, "n": len(files)}))\n'
    assert RAW in found(body)
    assert not found(f'import glob\nfrom pathlib import Path\nfiles = {listing}\nprint(files[:3])\n'
                     'flare.send(flare.FLModel(params={}, meta={"n": len(files)}))\n')


def test_a_method_called_through_its_class_gets_the_instance_first() -> None:
    body = 'class H:\n    def m(self, v):\n        flare.send(flare.FLModel(params={"w": v}))\nH.m(H(), x[:5])\n'
    assert RAW in found(body)


@pytest.mark.parametrize("path", ['"/data/site/notes.txt"', '"/data/records.yaml"'])
def test_a_config_suffix_outside_the_job_is_no_job_config(path: str) -> None:
    assert RAW in found(f'text = open({path}).read()\nflare.send(flare.FLModel(params={{}}, meta={{"t": text}}))\n')


def test_the_job_config_is_clean() -> None:
    body = 'import json\ncfg = json.load(open(os.path.join(os.path.dirname(__file__), "config.json")))\n' \
           'flare.send(flare.FLModel(params={}, meta={"lr": cfg["lr"]}))\n'
    assert not found(body)


def test_forward_is_a_model_call() -> None:
    body = 'import torch\nnet = torch.nn.Linear(2, 1)\nloss = net.forward(torch.tensor(x)).mean()\n' \
           'print(loss.item())\nflare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))\n'
    assert not found(body)


@pytest.mark.parametrize("body", [
    # a layer's size is in its weights' shape
    'import torch\nnet = torch.nn.Linear(int(x[r, 0]), 1)\nflare.send(flare.FLModel(params=net.state_dict()))\n',
    # an optimizer's rate is in every step
    'import torch\nnet = torch.nn.Linear(2, 1)\nopt = torch.optim.SGD(net.parameters(), lr=float(x[r, 0]))\n'
    'net(torch.ones(1, 2)).sum().backward()\nopt.step()\nflare.send(flare.FLModel(params=net.state_dict()))\n',
    # a seed decides every random initialisation and draw after it
    'import torch\nnet = torch.nn.Linear(2, 1)\ntorch.manual_seed(int(x[r, 0]))\ntorch.nn.init.normal_(net.weight)\n'
    'flare.send(flare.FLModel(params=net.state_dict()))\n',
    'import random\nrandom.seed(int(x[r, 0]))\nflare.send(flare.FLModel(params={"w": np.array([random.random()])}))\n',
    # an estimator's initial centres
    'from sklearn.cluster import KMeans\nkm = KMeans(n_clusters=3, init=x[:3], n_init=1, max_iter=1).fit(np.zeros((3, 2)))\n'
    'flare.send(flare.FLModel(params={"c": km.cluster_centers_}))\n',
])
def test_what_a_model_or_a_generator_is_built_with_travels_in_its_state(body: str) -> None:
    assert RAW in found(body)


def test_a_model_sized_by_the_table_and_seeded_by_a_constant_is_clean() -> None:
    body = 'import torch\ntorch.manual_seed(0)\nnet = torch.nn.Linear(x.shape[1], 1)\n' \
           'opt = torch.optim.SGD(net.parameters(), lr=0.01)\nflare.send(flare.FLModel(params=net.state_dict()))\n'
    assert not found(body)


@pytest.mark.parametrize("body", [
    # an assert decides whether what follows runs; a handler runs when the body raised
    'bits = {}\nfor t in range(256):\n    try:\n        assert w[0, 0] > t\n        bits[str(t)] = 1\n'
    '    except AssertionError:\n        bits[str(t)] = 0\nflare.send(flare.FLModel(params={}, metrics=bits))\n',
    'bits = {}\nfor t in range(256):\n    try:\n        1 / int(w[0, 0] > t)\n        bits[str(t)] = 1\n'
    '    except ZeroDivisionError:\n        bits[str(t)] = 0\nflare.send(flare.FLModel(params={}, metrics=bits))\n',
    # the right side of `and` runs only as the left says
    'for t in range(256):\n    w[0, 0] > t and flare.send(flare.FLModel(params={}, metrics={"t": t}))\n',
])
def test_exceptions_and_short_circuits_carry_what_decided_them(body: str) -> None:
    assert UNKNOWN in found(body)


def test_a_handler_around_reading_the_table_taken_whole_is_clean() -> None:
    body = 'try:\n    d = pd.read_csv("/data/site/b.csv")\nexcept FileNotFoundError:\n    d = None\n' \
           'flare.send(flare.FLModel(params={}, metrics={"ok": 1}))\n'
    assert not found(body)


@pytest.mark.parametrize("body", [
    # how often a loop runs, or how large a value is, when a value of chosen rows says
    'n = 0\nfor _ in range(int(w[0, 0])):\n    n += 1\nflare.send(flare.FLModel(params={}, metrics={"n": n}))\n',
    'flare.send(flare.FLModel(params={}, metrics={"n": len([0] * int(w[0, 0]))}))\n',
    'flare.send(flare.FLModel(params={}, metrics={"n": np.zeros(int(w[0, 0])).shape[0]}))\n',
    'flare.send(flare.FLModel(params={}, metrics={"n": len(range(int(w[0, 0])))}))\n',
])
def test_a_size_or_a_trip_count_set_by_a_value_is_that_value(body: str) -> None:
    assert UNKNOWN in found(body)


def test_sizes_set_by_counts_stay_clean() -> None:
    body = 'n = 0\nfor _ in w[0]:\n    n += 1\n' \
           'flare.send(flare.FLModel(params={}, metrics={"n": n, "m": np.zeros(x.shape[1]).shape[0]}))\n'
    assert not found(body)
