"""Red team 16: attacks on main as it stood at the start of session 29 (e99ebac). Each attack here was accepted
before its fix and must stay caught; the legitimate idiom nearest to each must stay accepted.
Samples: corpus/*/rt16_*."""

from __future__ import annotations

from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.model import Decision


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
    return kit.scan_source(tmp_path, HEAD + body + TAIL, "train.py").decision


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


# ---- the same keyword set after construction: set_params, a store, a constructor run again, type(x)(...) -----

@pytest.mark.parametrize("body", [
    "p = Pipeline(STEPS)\np.set_params(memory=SHARE)\np.fit(rows[:, :-1], rows[:, -1])\n",
    "p = Pipeline(STEPS)\np.memory = SHARE\np.fit(rows[:, :-1], rows[:, -1])\n",
    "hv = HashingVectorizer()\nhv.input = 'filename'\nhv.transform(glob.glob('/etc/*.conf'))\n",
    "p = Pipeline(STEPS)\np.__init__(STEPS, memory=SHARE)\np.fit(rows[:, :-1], rows[:, -1])\n",
    "class Cached(Pipeline):\n    def __init__(self, steps):\n        super().__init__(steps, memory=SHARE)\n\n\n"
    "Cached(STEPS).fit(rows[:, :-1], rows[:, -1])\n",
    "class Reader(HashingVectorizer):\n    def __init__(self):\n        super().__init__(input='filename')\n\n\n"
    "Reader().transform(glob.glob('/etc/*.conf'))\n",
    "p = Pipeline(STEPS)\np = type(p)(STEPS, memory=SHARE)\np.fit(rows[:, :-1], rows[:, -1])\n",
], ids=["set_params", "attribute_store", "vectorizer_store", "init_again", "super_init", "super_init_vectorizer",
        "type_of_instance"])
def test_keyword_after_construction_escalates(tmp_path, body):
    assert _decision(tmp_path, body) != Decision.ACCEPT


def test_training_arguments_push_to_hub_stored_escalates(tmp_path):
    path = tmp_path / "train.py"
    path.write_text("from transformers import TrainingArguments\n"
                    "args = TrainingArguments(output_dir='./out')\n"
                    "args.push_to_hub = True\n")
    assert kit.scan(path).decision != Decision.ACCEPT


@pytest.mark.parametrize("stored, accepted", [
    ("msg.content['config']['save_path']", True),  # flowertune: known only at run time, left to the guard
    ("'./checkpoints'", True),  # inside the job's workspace
    ("'/mnt/shared/checkpoints'", False),  # a share, as the keyword would be refused
])
def test_training_arguments_output_dir_stored_is_judged_as_the_keyword(tmp_path, stored, accepted):
    """A stored setting is judged by the conditions its keyword has (vouch.setting_ok): the six flowertune
    examples set `training_arguments.output_dir` from the server's message after building it."""
    path = tmp_path / "train.py"
    path.write_text("from transformers import TrainingArguments\n\n\n"
                    "def train(msg):\n"
                    "    args = TrainingArguments(output_dir='./out', report_to='none')\n"
                    f"    args.output_dir = {stored}\n"
                    "    return args\n")
    assert (kit.scan(path).decision == Decision.ACCEPT) is accepted


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


# ---- PyG's loader wildcard: ClusterData(save_dir=...) torch.saves the partitioned graph there (fsspec URLs too) ----

@pytest.mark.parametrize("call, accepted", [
    ("ClusterData(g, num_parts=4, save_dir='s3://bucket/parts')", False),
    ("ClusterData(g, 4, False, '/mnt/shared/parts')", False),
    ("GraphSAINTNodeSampler(g, batch_size=64, save_dir='/mnt/shared/norm')", False),
    ("ClusterData(g, num_parts=4)", True),
    ("LinkNeighborLoader(g, batch_size=64, num_neighbors=[10, 10], shuffle=True)", True),
], ids=["cluster_s3", "cluster_positional", "saint_sampler", "cluster_twin", "link_loader_twin"])
def test_graph_loader_save_dir(tmp_path, call, accepted):
    path = tmp_path / "train.py"
    path.write_text("import torch\nfrom torch_geometric.data import Data\n"
                    "from torch_geometric.loader import ClusterData, GraphSAINTNodeSampler, LinkNeighborLoader\n"
                    "g = Data(x=torch.zeros(4, 2), edge_index=torch.zeros(2, 3).long())\n"
                    f"parts = {call}\n")
    assert (kit.scan(path).decision == Decision.ACCEPT) == accepted


# ---- the keyword through the job's own subclass, and through the instance's __dict__ --------------------------

@pytest.mark.parametrize("body", [
    "class Cached(OPTICS):\n    pass\n\n\nCached(memory=SHARE).fit(rows)\n",           # the base's __init__ takes it
    "class Cached(Pipeline):\n    def __init__(self, steps):\n        super().__init__(steps)\n"
    "        self.memory = SHARE\n\n\nCached(STEPS).fit(rows[:, :-1], rows[:, -1])\n",
    "p = Pipeline(STEPS)\np.__dict__.update(memory=SHARE)\np.fit(rows[:, :-1], rows[:, -1])\n",
    # sklearn's clone is a copy of the estimator's class with its settings (session 32: open before)
    "from sklearn.base import clone\np = clone(Pipeline(STEPS))\np.memory = SHARE\np.fit(rows[:, :-1], rows[:, -1])\n",
    # a library object under the name a method's instance has: the name vouches for nothing
    "self = Pipeline(STEPS)\nself.__dict__.update(memory=SHARE)\nself.fit(rows[:, :-1], rows[:, -1])\n",
], ids=["subclass_without_init", "store_on_self", "dict_update", "store_on_clone", "dict_update_named_self"])
def test_keyword_through_subclass_or_dict_escalates(tmp_path, body):
    assert _decision(tmp_path, body) != Decision.ACCEPT


def test_subclass_without_init_twin_accepts(tmp_path):
    assert _decision(tmp_path, "class Clusters(OPTICS):\n    pass\n\n\nClusters(min_samples=3).fit(rows)\n") \
        == Decision.ACCEPT


# Open: the keyword stored on a value whose type the gate loses (a function's parameter, a list's item) or a
# class called through type() of such a value (sklearn's clone is a copy: closed in session 32). Naming the stored
# attribute alone would judge by a name the author chooses; the type is what is missing.
@pytest.mark.xfail(strict=True, reason="red team 16, open: a store or type() on a value the gate cannot type "
                   "(a function's parameter, a loop's item); the resolver does not carry a library instance's "
                   "class into them, and judging the stored attribute's name alone would trust the author's name")
@pytest.mark.parametrize("body", [
    "def configure(p):\n    p.memory = SHARE\n    return p\n\n\nconfigure(Pipeline(STEPS)).fit(rows[:, :-1], rows[:, -1])\n",
    "ps = [Pipeline(STEPS)]\nfor p in ps:\n    p.memory = SHARE\nps[0].fit(rows[:, :-1], rows[:, -1])\n",
    "def rebuild(o):\n    return type(o)(STEPS, memory=SHARE)\n\n\nrebuild(Pipeline(STEPS)).fit(rows[:, :-1], rows[:, -1])\n",
], ids=["store_on_parameter", "store_on_list_item", "type_of_parameter"])
def test_keyword_on_untyped_value_open(tmp_path, body):
    assert _decision(tmp_path, body) != Decision.ACCEPT


def test_own_object_dict_update_is_no_namespace_write(tmp_path):
    """Twin of dict_update: the job's own config object filling its __dict__ (its bases resolve to
    builtins.object()/dict(), which are no library namespace)."""
    path = tmp_path / "cfg.py"
    path.write_text("class Cfg(dict):\n    def __init__(self, **kw):\n        super().__init__()\n"
                    "        self.__dict__.update(kw)\n\n\ncfg = Cfg(lr=0.1)\n")
    assert "dynamic-code.namespace-write" not in {f.rule for f in kit.scan(path).findings}
