"""Red team 17: data leaving the site through the update, its metrics and the job log, on main as it stood at the
start of session 30 (5bdecca). Each attack here was accepted before its fix and must stay caught; the legitimate
idiom nearest to each must stay accepted. Samples: corpus/*/rt17_*."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.model import Decision
from tests.test_redteam14 import _rules, _scan

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
], ids=["matmul", "np_dot", "dot_method", "one_side_site", "keywords_method"])
def test_a_helper_multiplying_two_of_the_sites_vectors_is_reviewed(tmp_path: Path, body: str) -> None:
    assert _scan(tmp_path, body).decision is not Decision.ACCEPT


def test_a_prediction_helper_and_a_sum_of_squares_helper_stay_clean(tmp_path: Path) -> None:
    body = ("        import numpy as np\n"
            "        def predict(x, w):\n            return x @ w\n"
            "        def sse(e):\n            return e @ e\n"
            "        Xn = df.drop(columns=['y']).values\n        wt = net.weight.detach().numpy()[0]\n"
            "        err = df['y'].values - predict(Xn, wt)\n"
            "        value = value + float(np.mean(predict(Xn, wt))) + float(sse(err)) / len(err)\n")
    assert _scan(tmp_path, body).decision is Decision.ACCEPT, _rules(_scan(tmp_path, body))
