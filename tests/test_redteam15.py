"""Red team 15: data laundered into what leaves the site (the update, its metrics, the job log), on main as it
stood at the start of session 29 (e99ebac). Each attack here was accepted before its fix and must stay caught;
the legitimate idiom nearest to each must stay accepted. Samples: corpus/*/rt15_*."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.model import Decision
from tests.test_redteam14 import _rules, _scan

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
    assert _scan(tmp_path, DOTS + body).decision is not Decision.ACCEPT


def test_predictions_and_a_sum_of_squares_by_dot_stay_clean(tmp_path: Path) -> None:
    body = ("        Xn = df.drop(columns=['y']).values\n        wt = net.weight.detach().numpy()[0]\n"
            "        err = df['y'].values - Xn @ wt\n"
            "        value = value + float(err @ err) / len(err) + float(np.dot(err, err)) + float(np.mean(Xn.dot(wt)))\n"
            "        value = value + float(((X @ net.weight.T).squeeze(-1) - Y).pow(2).mean())\n")
    assert _scan(tmp_path, DOTS + body).decision is Decision.ACCEPT, _rules(_scan(tmp_path, DOTS + body))
