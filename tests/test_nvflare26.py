"""Session 26, NVFlare's Collab API (nvflare/collab, the function-call form of a job: hello-collab).

A function published with `@collab.publish` is called by the server or by another site, which gets what it
returns (nvflare/collab/api/decorators.py `publish`, api/module_wrapper.py); a call through a site proxy
(`collab.server.f(x)`, `collab.clients.f(x)`, `collab.other_clients.f(x)`: api/proxy.py, proxy_list.py
`__getattr__`) sends its arguments to that site. Both are the update (rules/flow/sinks.yaml). Before, the
flow knew neither, so each attack below only escalated for the uncatalogued API; now it rejects.

Collab stays out of the catalogue: which callables a collab object publishes is decided by a flag attribute
at run time (decorators.py `_has_flag`: `getattr(func, "_collab_is_publish") is True` over `dir(obj)`), which
code can set without the decorator (a class attribute, `__getattr__`, `functools.wraps` copying a published
function's `__dict__`, `type(name, bases, {...})`). Those must stay escalations (never accepted)."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from analyzer import api
from test_flow import RAW, UNKNOWN, rules_of

POLICY = api.load_policy()

ROWS = 'rows = pd.read_csv("/data/site/patients.csv")'

ATTACKS = {
    "a published function returns rows": f"""\
        @collab.publish
        def train(model, update_type: str):
            {ROWS}
            return model, rows.head(20).to_dict()
        """,
    "a published method returns rows": f"""\
        class SiteTrainer:
            @collab.publish
            def train(self, model, update_type: str):
                {ROWS}
                return model, rows.head(20).to_dict()
        """,
    "published by a call, not a decorator": f"""\
        def _train(model, update_type: str):
            {ROWS}
            return model, rows.head(20).to_dict()


        train = collab.publish(_train)
        """,
    "a published lambda": f"""\
        {ROWS}
        train = collab.publish(lambda model, update_type: (model, rows.head(20).to_dict()))
        """,
    "through an alias of the decorator": f"""\
        share = collab.publish


        @share
        def train(model, update_type: str):
            {ROWS}
            return model, rows.head(20).to_dict()
        """,
    "rows sent to the server's proxy": f"""\
        @collab.publish
        def train(model, update_type: str):
            {ROWS}
            collab.server.report(rows.values.tolist())
            return model, 0.0
        """,
    "rows sent to every client": f"""\
        @collab.main
        def run():
            {ROWS}
            return collab.clients.train(rows.values, "full")
        """,
    "rows sent to the other clients": f"""\
        @collab.publish
        def train(model, update_type: str):
            {ROWS}
            collab.other_clients.train(rows.values, update_type)
            return model, 0.0
        """,
}

HEAD = "import pandas as pd\n\nfrom nvflare.collab import collab\n\n\n"


@pytest.mark.parametrize("body", ATTACKS.values(), ids=ATTACKS.keys())
def test_site_data_through_collab_is_in_the_update(body: str) -> None:
    assert RAW in rules_of(HEAD + dedent(body))


def test_the_decorator_spelled_from_its_module_is_a_reply_too() -> None:
    assert RAW in rules_of(f"""\
import pandas as pd
from nvflare.collab.api.decorators import publish


@publish
def train(model, update_type: str):
    {ROWS}
    return model, rows.head(20).to_dict()
""")


BENIGN = """\
import numpy as np
import pandas as pd
from sklearn.linear_model import SGDClassifier

from nvflare.collab import collab


def load_rows():
    frame = pd.read_csv("/data/site/train.csv")
    return frame.drop(columns=["label"]).values, frame["label"].values


@collab.publish
def train(coef: np.ndarray, intercept: np.ndarray):
    x, y = load_rows()
    model = SGDClassifier(max_iter=5, random_state=0)
    model.fit(x, y, coef_init=coef, intercept_init=intercept)
    return model.coef_, model.intercept_


@collab.main
def run():
    coef, intercept = np.zeros((1, 4)), np.zeros(1)
    for _ in range(collab.get_app_prop("num_rounds", 3)):
        results = collab.clients.train(coef, intercept)
        coef = np.mean([c for _, (c, _) in results], axis=0)
        intercept = np.mean([i for _, (_, i) in results], axis=0)
    return coef, intercept
"""


def test_a_fit_published_and_rows_kept_in_a_helper_are_no_leak() -> None:
    """A helper that is not published may hand rows to the published function; what that returns is a fit."""
    assert not {r for r in rules_of(BENIGN) if r.startswith("update-channel-leak.")}


# Callables published without the decorator: the flag is set some other way. The gate cannot list them, so
# collab is not catalogued and these are never accepted.
HIDDEN = {
    "the flag set on a function": f"""\
        def train(model, update_type: str):
            {ROWS}
            return model, rows.head(20).to_dict()


        train._collab_is_publish = True
        """,
    "a callable whose class holds the flag": f"""\
        class Leak:
            _collab_is_publish = True

            def __call__(self, model, update_type: str):
                {ROWS}
                return model, rows.head(20).to_dict()


        train = Leak()
        """,
    "a callable that answers every attribute": f"""\
        class Leak:
            def __getattr__(self, name):
                return True

            def __call__(self, model, update_type: str):
                {ROWS}
                return model, rows.head(20).to_dict()


        train = Leak()
        """,
}


@pytest.mark.parametrize("body", HIDDEN.values(), ids=HIDDEN.keys())
def test_a_callable_published_without_the_decorator_is_never_accepted(tmp_path: Path, body: str) -> None:
    job = tmp_path / "job.py"
    job.write_text(HEAD + dedent(body) + "\n\n@collab.main\ndef run():\n    return collab.get_app_prop('x', 1)\n")
    assert api.scan(tmp_path, POLICY).decision.value != "accept"


# ---- flax's `@nn.compact` (hello-jax) --------------------------------------------------------------------------
# flax/linen/module.py `compact`: `fun.compact = True; return fun`, the method itself, so what MODEL.init runs is
# the body (rules/flow/model.yaml preserving_decorators). Before, hello-jax's parameters rebuilt through
# MODEL.init were "what __call__() returns under a decorator the gate does not follow".

FLAX_MODEL = """\
from functools import lru_cache

import jax
import jax.numpy as jnp
from flax import linen as nn
from jax.flatten_util import ravel_pytree

{decorator_def}
class Net(nn.Module):
    @{decorator}
    def __call__(self, x):
        return {body}


MODEL = Net()


@lru_cache(maxsize=1)
def _unravel():
    params = MODEL.init(jax.random.PRNGKey(0), jnp.ones((1, 4)))["params"]
    _, unravel = ravel_pytree(params)
    return unravel


def unflatten(flat):
    return _unravel()(jnp.asarray(flat))
"""
FLAX_CLIENT = """\
import numpy as np

import nvflare.client as flare
from model import unflatten

flare.init()
while flare.is_running():
    gm = flare.receive()
    print(unflatten(gm.params["numpy_key"]))
    flare.send(flare.FLModel(params={"numpy_key": np.asarray(gm.params["numpy_key"])}))
"""


def _flax_unit(tmp_path: Path, decorator: str, decorator_def: str = "", body: str = "nn.Dense(features=10)(x)"):
    (tmp_path / "model.py").write_text(FLAX_MODEL.format(decorator=decorator, decorator_def=decorator_def, body=body))
    (tmp_path / "client.py").write_text(FLAX_CLIENT)
    report = api.scan(tmp_path, POLICY)
    return report.decision.value, {f.rule for f in report.findings}


def test_a_flax_compact_method_is_its_body(tmp_path: Path) -> None:
    assert _flax_unit(tmp_path, "nn.compact") == ("accept", set())


def test_a_method_under_the_jobs_own_decorator_is_still_not_followed(tmp_path: Path) -> None:
    decision, rules = _flax_unit(tmp_path, "probe", "\ndef probe(f):\n    return f\n\n")
    assert decision == "escalate" and UNKNOWN in rules
