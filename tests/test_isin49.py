"""Session 49 (isin49): rows picked by a value the code chose, spelled as a membership test, a pair of bounds or a
distance (update49b held `==`/`!=`; these forms were accepted on main).

Held now, by provenance (calls.py tests_chosen_value, pins_one_value, distance_from; rules/flow/reductions.yaml
value_test_calls, value_test_methods, absolute_calls):
- `np.isin(ids, [1042])`, `df.patient_id.isin([1042])`, `torch.isin(ids, torch.tensor([1042]))`, `ids.eq(1042)`
  as the mask of a loader's dataset, or counted;
- bounds whose interval holds exactly one whole number: `(ids >= 1042) & (ids <= 1042)`, `(ids > 1041) & (ids <
  1043)`, `1041.5 < ids < 1042.5`;
- a distance to a spelled value below a bound of the same kind: `np.abs(ids - 1042) < 0.5`, `(ids - 1042) ** 2 <
  1e-9`.
Twins that stay accepted: a single threshold, a band of several whole numbers (an age cohort), a band of none
(`(p > 0.2) & (p < 0.8)`), membership in values of the site (`np.isin(ids, other_ids)`), a wide distance.
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


def loader_on(mask: str) -> str:
    return (f"sel = torch.tensor({mask})\n"
            "for xb, yb in DataLoader(TensorDataset(x[sel], y[sel]), batch_size=8):\n    opt.zero_grad()\n"
            "    F.cross_entropy(net(xb), yb).backward()\n    opt.step()")


def inline_loader(mask: str) -> str:
    return (f"for xb, yb in DataLoader(TensorDataset(x[{mask}], y[{mask}]), batch_size=8):\n    opt.zero_grad()\n"
            "    F.cross_entropy(net(xb), yb).backward()\n    opt.step()")


ATTACKS = {
    "isin_numpy_loader": loader_on("np.isin(ids, [1042])"),
    "isin_numpy_inline": inline_loader("torch.tensor(np.isin(ids, [1042, 1043]))"),
    "isin_pandas_loader": loader_on("df['patient_id'].isin([1042]).values"),
    "isin_torch_loader": "t = torch.tensor(ids)\n" + loader_on("torch.isin(t, torch.tensor([1042]))"),
    "eq_method_loader": "t = torch.tensor(ids)\n" + inline_loader("t.eq(1042)"),
    "isin_named_values_loader": "target = [1042]\nt = torch.tensor(ids)\n"
                                + loader_on("torch.isin(t, torch.tensor(target))"),
    "isin_count_metric": "m = int(np.isin(ids, [1042]).sum())",
    "bounds_closed_loader": loader_on("(ids >= 1042) & (ids <= 1042)"),
    "bounds_open_loader": loader_on("(ids > 1041) & (ids < 1043)"),
    "bounds_chained_loader": loader_on("(1041.5 < ids) & (ids < 1042.5)"),
    "bounds_chain_loader": "sel = [bool(1041 < i < 1043) for i in ids]\n" + inline_loader("torch.tensor(sel)"),
    "bounds_count_metric": "m = int(((ids > 1041) & (ids < 1043)).sum())",
    "distance_abs_loader": loader_on("np.abs(ids - 1042) < 0.5"),
    "distance_square_loader": loader_on("(ids - 1042) ** 2 < 1e-9"),
    "distance_method_loader": "t = torch.tensor(ids)\n" + inline_loader("(t - 1042).abs() <= 0.25"),
    "distance_count_metric": "m = int((np.abs(1042 - ids) < 0.5).sum())",
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_rows_of_a_chosen_value_are_held(tmp_path: Path, name: str) -> None:
    kit.assert_held(scan(tmp_path, ATTACKS[name]), "update-channel-leak.")


TWINS = {
    "threshold_loader": loader_on("age >= 65"),
    "age_band_loader": loader_on("(age >= 18) & (age < 65)"),
    "fraction_band_loader": "r = df['b'].values\n" + loader_on("(r > 0.2) & (r < 0.8)"),
    "isin_site_values_loader": "keep = df['keep_id'].values\n" + loader_on("np.isin(ids, keep)"),
    "wide_distance_loader": loader_on("np.abs(age - 50) < 15"),
    "far_distance_loader": loader_on("np.abs(age - 50) > 0.5"),
    # a band's share sent as a metric (`((age >= 18) & (age < 65)).mean()`) is reviewed since red team 58a: a count
    # of the rows a threshold picks (tests/test_redteam58a.py)
}


@pytest.mark.parametrize("name", sorted(TWINS))
def test_honest_twin_stays_accepted(tmp_path: Path, name: str) -> None:
    kit.assert_accepted(scan(tmp_path, TWINS[name]))


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/isin49_*"))
def test_corpus_attack_is_held(sample: str) -> None:
    kit.assert_held(kit.scan_sample(sample), "update-channel-leak.", Decision.ESCALATE)


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_isin49_*"))
def test_corpus_twin_stays_accepted(sample: str) -> None:
    kit.assert_accepted(kit.scan_sample(sample))


def test_labels_cover_the_samples() -> None:
    assert {e["path"] for e in kit.labelled("isin49_")} == set(kit.corpus_samples("malicious/isin49_*",
                                                                                  "benign/near_isin49_*"))
