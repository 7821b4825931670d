"""Red team 19: attacks on main as it stood at session 30's second round (a5f4b7f). Each attack here was accepted
before its fix and must stay caught; the legitimate idiom nearest to each must stay accepted. Samples:
corpus/*/rt19_*."""

from __future__ import annotations

from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.model import Decision

# ---- a mask the code chose, applied row by row inside a helper of the job ------------------------------------

MASK = "(df['id'].values == 7)"  # patient 7's row


@pytest.mark.parametrize("body", [
    "        def weigh(x, w):\n            return x * w\n"
    f"        value = value + float(weigh(df['age'].values, {MASK}).sum())\n",
    "        def weigh(x, w):\n            return x * w\n"
    f"        value = value + float(weigh(df['age'].values, {MASK}.astype(float)).sum())\n",
    # the site's data read in the helper, the mask passed
    "        def weigh(w):\n            return df['age'].values * w\n"
    f"        value = value + float(weigh({MASK}).sum())\n",
    # the mask first, by keyword, through a static method of a class
    "        class Ops:\n            @staticmethod\n            def weigh(x, w):\n                return w * x\n"
    f"        value = value + float(Ops.weigh(w={MASK}, x=df['age'].values).sum())\n",
    # a method of an object, the product then reduced by np.sum
    "        import numpy as np\n        class Ops:\n            def weigh(self, x, w):\n                return x * w\n"
    f"        value = value + float(np.sum(Ops().weigh(df['age'].values, {MASK})))\n",
], ids=["helper", "helper_float", "site_inside", "static_keywords", "method_np_sum"])
def test_a_mask_applied_in_a_helper_picks_rows(tmp_path: Path, body: str) -> None:
    assert kit.scan_training_client(tmp_path, body).decision is not Decision.ACCEPT


@pytest.mark.parametrize("body", [
    # a sum of squares and a scaling by a constant, through the same helper
    "        def weigh(x, w):\n            return x * w\n"
    "        e = df['y'].values - net(X).squeeze(-1).detach().numpy()\n"
    "        value = value + float(weigh(e, e).mean()) + float(weigh(df['age'].values, 0.5).mean())\n",
], ids=["squares_and_scale"])
def test_a_helper_weighing_rows_alike_stays_clean(tmp_path: Path, body: str) -> None:
    report = kit.scan_training_client(tmp_path, body)
    kit.assert_accepted(report)


# ---- a function wrapped by staticmethod() as a class attribute, computing a mean ------------------------------

def test_a_function_wrapped_by_staticmethod_computing_a_mean_stays_clean(tmp_path: Path) -> None:
    # (accepted before and after: staticmethod(f) is followed since session 31, see test_a_wrapped_lambda_of_a_class)
    body = ("        def _scale(x, k):\n            return x * k\n        class Ops:\n            scale = staticmethod(_scale)\n"
            "        value = value + float(Ops.scale(df['age'].values, 0.5).mean())\n")
    report = kit.scan_training_client(tmp_path, body)
    kit.assert_accepted(report)


# ---- a mask applied in place (`a *= mask`), inline or in a helper ------------------------------------------------

@pytest.mark.parametrize("body", [
    f"        a = df['age'].values.copy()\n        a *= {MASK}\n        value = value + float(a.sum())\n",
    f"        a = df['age'].values.astype(float)\n        a *= {MASK}.astype(float)\n        value = value + float(a.sum())\n",
    "        def weigh(a, w):\n            a = a.copy()\n            a *= w\n            return a\n"
    f"        value = value + float(weigh(df['age'].values, {MASK}).sum())\n",
], ids=["inline", "inline_float", "helper"])
def test_a_mask_applied_in_place_picks_rows(tmp_path: Path, body: str) -> None:
    assert kit.scan_training_client(tmp_path, body).decision is not Decision.ACCEPT


def test_in_place_scaling_and_squares_stay_clean(tmp_path: Path) -> None:
    body = ("        a = df['age'].values.astype(float)\n        a *= 0.5\n        a += 1.0\n"
            "        e = df['y'].values - net(X).squeeze(-1).detach().numpy()\n        e *= e\n"
            "        value = value + float(a.mean()) + float(e.mean())\n")
    report = kit.scan_training_client(tmp_path, body)
    kit.assert_accepted(report)


# ---- filters by a test the code wrote: the elements kept are rows it chose ---------------------------------------

@pytest.mark.parametrize("body", [
    f"        import itertools\n        value = value + float(sum(itertools.compress(df['age'].values, {MASK})))\n",
    "        value = value + float(sum(a for a, k in filter(lambda p: p[1] == 7, zip(df['age'].values, df['id'].values))))\n",
    "        import itertools\n        rows = itertools.dropwhile(lambda p: p[1] != 7, zip(df['age'].values, df['id'].values))\n"
    "        value = value + float(next(rows)[0])\n",
], ids=["compress", "filter", "dropwhile"])
def test_a_filter_by_a_chosen_test_picks_rows(tmp_path: Path, body: str) -> None:
    assert kit.scan_training_client(tmp_path, body).decision is not Decision.ACCEPT


def test_distinct_values_and_a_filter_of_parameters_stay_clean(tmp_path: Path) -> None:
    body = ("        trainable = list(filter(lambda p: p.requires_grad, net.parameters()))\n"
            "        value = value + float(len(set(df['y'].values))) + float(sum(p.numel() for p in trainable))\n")
    report = kit.scan_training_client(tmp_path, body)
    kit.assert_accepted(report)


# ---- a lambda or function wrapped by staticmethod() or classmethod() as a class attribute (closed in session 31:
# the call runs what is wrapped, Frame.call_wrapped) ------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "        class Ops:\n            weigh = staticmethod(lambda x, w: x * w)\n"
    f"        value = value + float(Ops.weigh(df['age'].values, {MASK}).sum())\n",
    "        class Ops:\n            weigh = staticmethod(lambda x, w: x * w)\n"
    f"        value = value + float(Ops().weigh(df['age'].values, {MASK}).sum())\n",
    "        class Ops:\n            dot = staticmethod(lambda u, v: u @ v)\n"
    f"        value = value + float(Ops.dot(df['age'].values, {MASK}.astype(float)))\n",
    "        class Ops:\n            weigh = classmethod(lambda cls, x, w: x * w)\n"
    f"        value = value + float(Ops.weigh(df['age'].values, {MASK}).sum())\n",
    "        def _weigh(x, w):\n            return x * w\n        class Ops:\n            weigh = staticmethod(_weigh)\n"
    f"        value = value + float(Ops.weigh(df['age'].values, {MASK}).sum())\n",
], ids=["static_class", "static_object", "static_dot", "classmethod", "static_named_function"])
def test_a_wrapped_lambda_of_a_class(tmp_path: Path, body: str) -> None:
    assert kit.scan_training_client(tmp_path, body).decision is not Decision.ACCEPT


@pytest.mark.parametrize("call, accepted", [
    (f"Ops.weigh(df['age'].values, {MASK})", False),
    (f"Ops().weigh(df['age'].values, {MASK})", False),
    ("Ops.weigh(df['age'].values, 0.5)", True),
], ids=["mask_class", "mask_object", "scale"])
def test_a_def_of_the_class_body_wrapped_afterwards(tmp_path: Path, call: str, accepted: bool) -> None:
    body = ("        class Ops:\n            def _weigh(x, w):\n                return x * w\n"
            "            weigh = staticmethod(_weigh)\n"
            f"        value = value + float({call}.sum())\n")
    assert (kit.scan_training_client(tmp_path, body).decision is Decision.ACCEPT) is accepted
