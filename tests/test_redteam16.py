"""Red team 16: attacks on main as it stood at the start of session 29 (e99ebac). Each attack here was accepted
before its fix and must stay caught; the legitimate idiom nearest to each must stay accepted.
Samples: corpus/*/rt16_*."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer import api
from analyzer.model import Decision

POLICY = api.load_policy()

HEAD = """import glob
import numpy as np
import nvflare.client as flare
from sklearn.cluster import AgglomerativeClustering, OPTICS
from sklearn.feature_extraction.text import CountVectorizer, HashingVectorizer, TfidfVectorizer
from sklearn.linear_model import SGDClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

rows = np.loadtxt("data/site.csv", delimiter=",")
STEPS = [("scale", StandardScaler()), ("clf", SGDClassifier())]
SHARE = "/mnt/shared/cache"
"""

TAIL = """

def main():
    flare.init()
    while flare.is_running():
        flare.receive()
        clf = SGDClassifier().fit(rows[:, :-1], rows[:, -1])
        flare.send(flare.FLModel(params={"coef": clf.coef_}))
"""


def _decision(tmp_path: Path, body: str) -> Decision:
    path = tmp_path / "train.py"
    path.write_text(HEAD + body + TAIL)
    return api.scan(path, POLICY).decision


# ---- a catalogued constructor's keyword that writes or reads files: sklearn's memory and input ---------------

@pytest.mark.parametrize("body", [
    "Pipeline(STEPS, memory=SHARE).fit(rows[:, :-1], rows[:, -1])\n",       # joblib.Memory pickles the rows there
    "make_pipeline(StandardScaler(), SGDClassifier(), memory=SHARE).fit(rows[:, :-1], rows[:, -1])\n",
    "AgglomerativeClustering(n_clusters=2, memory=SHARE).fit(rows)\n",
    "OPTICS(memory=SHARE).fit(rows)\n",
    "HashingVectorizer(input='filename').transform(glob.glob('/etc/*.conf'))\n",  # opens each string as a path
    "CountVectorizer(input='file').fit([open('/etc/hosts')])\n",
    "TfidfVectorizer(input='filename').fit(glob.glob('/home/*/*'))\n",
], ids=["pipeline", "make_pipeline", "agglomerative", "optics", "hashing_filename", "count_file", "tfidf_filename"])
def test_constructor_keyword_escalates(tmp_path, body):
    assert _decision(tmp_path, body) != Decision.ACCEPT


# ---- the same keyword set after construction: set_params sets any constructor parameter ---------------------

def test_set_params_escalates(tmp_path):
    body = "p = Pipeline(STEPS)\np.set_params(memory=SHARE)\np.fit(rows[:, :-1], rows[:, -1])\n"
    assert _decision(tmp_path, body) != Decision.ACCEPT


@pytest.mark.parametrize("body", [
    "Pipeline(STEPS).fit(rows[:, :-1], rows[:, -1])\n",
    "make_pipeline(StandardScaler(), SGDClassifier()).fit(rows[:, :-1], rows[:, -1])\n",
    "AgglomerativeClustering(n_clusters=2).fit(rows)\n",
    "TfidfVectorizer(input='content', max_features=64).fit(['a b', 'b c'])\n",
    "CountVectorizer().fit(['a b', 'b c'])\n",
    "class Plain(Pipeline):\n    def __init__(self, steps):\n        super().__init__(steps)\n\n\n"
    "Plain(STEPS).fit(rows[:, :-1], rows[:, -1])\n",
    "p = Pipeline(STEPS)\nprint(type(p).__name__)\n",
], ids=["pipeline", "make_pipeline", "agglomerative", "tfidf_content", "count_default", "super_init", "type_name"])
def test_twins_accept(tmp_path, body):
    assert _decision(tmp_path, body) == Decision.ACCEPT
