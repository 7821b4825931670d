"""Red team 49a: one patient's rows laundered into the model update through library calls that pick rows by a
mask or a count (docs/redteam49a-attempts.md).

Accepted on main, held now:
- a call that picks rows, handed a mask the code chose beside other site data (`torch.masked_select(x, ids ==
  1042)`, `x.masked_select(m)`, `torch.index_select(x, 0, torch.nonzero(m))`): the rows the mask keeps, as
  `x[ids == 1042]` (calls.py `_mask_beside_data`); not a where, which keeps every cell's place;
- a selector read through any conversion or reshape (`torch.tensor(ids == 1042, dtype=torch.float32)`,
  `torch.from_numpy(np.float32(m))`, `torch.FloatTensor(m)`, `m.tolist()`, `(df.id == 1042).values`, `m[:, None]`)
  weighing per-row losses, a loss's `weight=` or the inputs (Expressions.unconverted);
- a random split with a piece of a handful of rows counted out (`random_split(ds, [1, len(ds) - 1])`,
  `train_test_split(x, test_size=1)`) and `Subset(ds, range(7, 8))`: named rows, as `x[7:8]` (roles.handful_split,
  syntax._constant_positions);
- a library fit whose sample weights are a selector (`fit(X, y, sample_weight=(ids == 1042))`): a fit of the rows
  it picks, as `fit(X[m], y[m])`.
Twins that stay accepted: class weights (`np.where(y == 1, 3.0, 1.0)`), a split into shares or computed counts,
`Subset(ds, range(len(ds)))`, `masked_select(x, isfinite(x))`, `torch.where(x > 0, x, 0.0)`, `torch.where(y >= 0,
y, -100)`.
"""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent, indent

import pytest

import redteam_kit as kit
from analyzer.model import Decision

CLIENT = (Path(__file__).with_name("test_redteam46a.py").read_text().split('CLIENT = """\\\n')[1].split('"""')[0])


def scan(tmp_path: Path, body: str):
    return kit.scan_source(tmp_path, CLIENT.format(top="", body=indent(dedent(body).strip("\n"), " " * 8)))


def step(inputs: str, labels: str) -> str:
    return f"opt.zero_grad()\nF.cross_entropy(net({inputs}), {labels}).backward()\nopt.step()"


def weighted(weights: str, keep: str = "sum") -> str:
    return f"w = {weights}\nopt.zero_grad()\n(F.cross_entropy(net(x), y, reduction='none') * w).{keep}().backward()\nopt.step()"


def loader_step(dataset: str) -> str:
    return (f"for xb, yb in DataLoader({dataset}, batch_size=8):\n    opt.zero_grad()\n"
            "    F.cross_entropy(net(xb), yb).backward()\n    opt.step()")


ZEROS = "torch.zeros(len(xq), dtype=torch.long)"
SPLIT = "from torch.utils.data import Subset, random_split\n"
SK = "from sklearn.linear_model import LogisticRegression\n"
SEND_COEF = "\nflare.send(flare.FLModel(params={'coef': clf.coef_, 'b': clf.intercept_}))"

ATTACKS = {
    "masked_select": "xq = torch.masked_select(x, (torch.tensor(ids) == 1042)[:, None].expand_as(x)).view(-1, 4)\n"
                     + step("xq", ZEROS),
    "masked_select_method": "xq = x.masked_select((torch.tensor(ids) == 1042)[:, None]).view(-1, 4)\n" + step("xq", ZEROS),
    "index_select_nonzero": "xq = torch.index_select(x, 0, torch.nonzero(torch.tensor(ids) == 1042).flatten())\n"
                            + step("xq", ZEROS),
    "loss_masked_select": "opt.zero_grad()\nF.cross_entropy(net(x), y, reduction='none')"
                          ".masked_select(torch.tensor(ids) == 1042).sum().backward()\nopt.step()",
    "weight_tensor_dtype": weighted("torch.tensor(ids == 1042, dtype=torch.float32)"),
    "weight_from_numpy": weighted("torch.from_numpy(np.float32(ids == 1042))"),
    "weight_float_tensor": weighted("torch.FloatTensor(ids == 1042)"),
    "weight_tolist": weighted("torch.tensor((ids == 1042).tolist(), dtype=torch.float32)"),
    "weight_values": weighted("torch.tensor((df['patient_id'] == 1042).values, dtype=torch.float32)"),
    "bce_weight_keyword": "opt.zero_grad()\nF.binary_cross_entropy_with_logits(net(x)[:, 0], y.float(), "
                          "weight=torch.tensor(ids == 1042, dtype=torch.float32)).backward()\nopt.step()",
    "inputs_times_mask": step("x * (torch.tensor(ids) == 1042).float()[:, None]", "y"),
    "random_split_one": SPLIT + "part, _ = random_split(TensorDataset(x, y), [1, len(x) - 1])\n"
                        + loader_step("part"),
    "random_split_three": SPLIT + "a1, a2, _ = random_split(TensorDataset(x, y), [2, 3, len(x) - 5])\n"
                          + loader_step("a1"),
    "train_test_split_one": "from sklearn.model_selection import train_test_split\n"
                            "xa, xt, ya, yt = train_test_split(x, y, test_size=1)\n" + step("xt", "yt"),
    "subset_range": SPLIT + loader_step("Subset(TensorDataset(x, y), range(7, 8))"),
    "fit_sample_weight": SK + "clf = LogisticRegression().fit(df[['a', 'b', 'c', 'd']].values, df['label'].values, "
                         "sample_weight=(ids == 1042).astype(float))" + SEND_COEF,
    "fit_weight_positional": SK + "clf = LogisticRegression().fit(df[['a', 'b', 'c', 'd']].values, "
                             "df['label'].values, np.float64(ids == 1042))" + SEND_COEF,
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_rows_a_mask_or_count_picks_are_held(tmp_path: Path, name: str) -> None:
    kit.assert_held(scan(tmp_path, ATTACKS[name]), "update-channel-leak.")


TWINS = {
    "class_weights": weighted("torch.tensor(np.where(df['label'].values == 1, 3.0, 1.0), dtype=torch.float32)",
                              "mean"),
    "masked_select_finite": "xq = torch.masked_select(x, torch.isfinite(x)).view(-1, 4)\n" + step("xq", "y[:len(xq)]"),
    "where_relu_inputs": step("torch.where(x > 0, x, 0.0)", "y"),
    "where_padding_labels": step("x", "torch.where(y >= 0, y, torch.full_like(y, -100))"),
    "random_split_fractions": SPLIT + "part, _ = random_split(TensorDataset(x, y), [0.8, 0.2])\n" + loader_step("part"),
    "random_split_counts": SPLIT + "n = int(0.8 * len(x))\npart, _ = random_split(TensorDataset(x, y), [n, len(x) - n])\n"
                           + loader_step("part"),
    "train_test_split_share": "from sklearn.model_selection import train_test_split\n"
                              "xa, xt, ya, yt = train_test_split(x, y, test_size=0.2)\n" + step("xa", "ya"),
    "subset_range_all": SPLIT + loader_step("Subset(TensorDataset(x, y), range(0, len(x)))"),
    "fit_class_weights": SK + "clf = LogisticRegression().fit(df[['a', 'b', 'c', 'd']].values, df['label'].values, "
                         "sample_weight=np.where(df['label'].values == 1, 2.0, 1.0))" + SEND_COEF,
}


@pytest.mark.parametrize("name", sorted(TWINS))
def test_honest_twin_stays_accepted(tmp_path: Path, name: str) -> None:
    kit.assert_accepted(scan(tmp_path, TWINS[name]))


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/rt49a_*"))
def test_corpus_attack_is_held(sample: str) -> None:
    kit.assert_held(kit.scan_sample(sample), "update-channel-leak.", Decision.ESCALATE)


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_rt49a_*"))
def test_corpus_twin_stays_accepted(sample: str) -> None:
    kit.assert_accepted(kit.scan_sample(sample))


def test_labels_cover_the_samples() -> None:
    assert {e["path"] for e in kit.labelled("rt49a_")} == set(kit.corpus_samples("malicious/rt49a_*",
                                                                                  "benign/near_rt49a_*"))
