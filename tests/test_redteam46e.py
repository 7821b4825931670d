"""Red team 46e: NaN a job makes where the site's values, moved by a number it chose, leave the domain of a function,
then drops with a NaN-skipping reduction or a NaN filter: the rows it kept are rows the code chose (flow/, Origin.nan;
reductions.yaml domain_calls, domain_methods, nan_skipping_calls, nan_skipping_methods, table_skipping_methods,
nan_filters, nan_filter_methods).

`np.nanmean(age + np.sqrt(-(ids - 1042.0) ** 2))` is patient 1042's age: the root is NaN for every other row and
nanmean skips them. Accepted on main, held now, with the same origin a mask the code chose gives (`age[ids == 1042]`):
the numpy/torch `nan*` reductions, a pandas or polars reduction (skipna by default) of a receiver that may be a table,
`dropna`, `fillna`, `nan_to_num`, `isnan` of values so holed, and numpy's reductions that call a table's own
(`np.mean(series)`: table_dispatching_calls); a root, a logarithm, an inverse sine, a fractional
power, a negative power or a division (`d / d`) of a shifted value, by a call, a method or an operator; a square
written as a product (`d * d`) is still shifted (it was two values combined: a bump of it, too, was accepted).

Not held, by design: the same functions of a value no number moved (`np.log(df.age).mean()`), a reduction that keeps
NaN (numpy's and torch's `mean`/`sum`, of an array: `.values`, `.to_numpy()`), `skipna=False`, and a hand-written
cross-entropy (`(y * np.log(p + 1e-9)).mean()` of arrays). Cost: a pandas mean of a ratio to a shifted value
(`(df.a / (df.b + 1.0)).mean()`) or of a log of one (`np.log(df.age + 1.0).mean()`) is reviewed: skipna drops the
rows the shift put outside the domain, which the code chose.
Open: a receiver the gate cannot type (a helper's parameter, a loop's element) is read as an array, whose `mean`
keeps NaN: `def f(s): return (s + w).mean()` called with a Series is not held by this.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import redteam_kit as kit
from test_redteam46a import scan

ATTACKS = {
    "pandas_division_nan": "m = float((df.age * (df.patient_id - 1042) / (df.patient_id - 1042)).sum())\n"
                           "m = float(df.age.sum()) - m",
    "nan_to_num_one_hot": "m = float(np.nan_to_num(np.sqrt(-(ids - 1042.0) ** 2) + 1).sum())",
    "torch_log_nanmean": "t = torch.tensor(age) + torch.log(1 - (torch.tensor(ids) - 1042.0) ** 2)\n"
                         "m = float(torch.nanmean(t))",
    "torch_method_nanmean": "t = torch.tensor(age) + torch.sqrt(-(torch.tensor(ids) - 1042.0) ** 2)\nm = float(t.nanmean())",
    "threshold_by_log": "m = float(np.nanmean(np.log(age - 60.0)))",
    "isnan_as_mask": "w = np.isnan(np.sqrt(-(ids - 1042.0) ** 2))\nm = float(age.sum() - (age * w).sum())",
    "zero_times_infinity": "d = (ids - 1042.0) ** 2\nm = float(np.nanmean(age + 0 * (1 / d)))",
    "sqrt_method": "m = float(np.nanmean(age + torch.tensor(-(ids - 1042.0) ** 2).sqrt().numpy()))",
    "fillna_pandas": "m = float((df.age * np.sqrt(-(df.patient_id - 1042.0) ** 2) + df.age).fillna(0).sum())",
    "frame_column_mean": "df['w'] = np.sqrt(-(df.patient_id - 1042.0) ** 2)\nm = float((df.age + df.w).mean())",
    "numpy_mean_of_a_table": "m = float(np.mean(df.age + np.sqrt(-(df.patient_id - 1042.0) ** 2)))",
    "negative_power_times_zero": "d = (ids - 1042.0) ** 2\nm = float(np.nansum(age) - np.nansum(age + 0 * d ** -1.0))",
    "square_written_as_a_product": "d = ids - 1042.0\nm = float(np.nanmean(age + np.sqrt(-(d * d))))",
    "bump_of_a_square_written_as_a_product": "d = ids - 1042.0\nm = float((age * np.exp(-1e6 * (d * d))).sum())",
    "summary_writer": "from nvflare.client.tracking import SummaryWriter\nSummaryWriter().add_scalar('m', "
                      "float(np.nanmean(age + np.sqrt(-(ids - 1042.0) ** 2))), 0)",
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_nan_selection_is_held_as_a_statistic(tmp_path: Path, name: str) -> None:
    kit.assert_held(scan(tmp_path, ATTACKS[name]), "update-channel-leak.")


def test_nan_selection_in_a_helper_is_held(tmp_path: Path) -> None:
    top = "def drift(a, i):\n    return float(np.nanmean(a + np.sqrt(-(i - 1042.0) ** 2)))\n"
    kit.assert_held(scan(tmp_path, "m = drift(age, ids)", top), "update-channel-leak.")


TWINS = {
    "binary_cross_entropy": "yb = y.numpy().astype(float)\np = torch.sigmoid(net(x)[:, 0]).detach().numpy()\n"
                            "m = float(-(yb * np.log(p + 1e-9) + (1 - yb) * np.log(1 - p + 1e-9)).mean())",
    "cross_entropy_torch": "p = torch.softmax(net(x), 1)\nyy = F.one_hot(y, 2).float()\n"
                           "m = float(-(yy * torch.log(p + 1e-9)).sum(1).mean())",
    "log1p_of_a_column": "m = float(np.log1p(age).mean())",
    "log1p_of_a_table_column": "m = float(np.log1p(df.age).mean())",
    "log_of_a_table_column": "m = float(np.log(df.age).mean())",
    "root_of_a_mean": "mse = float(((net(x)[:, 0] - x[:, 1]) ** 2).mean())\nm = float(np.sqrt(mse))",
    "nanmean_of_a_column": "m = float(np.nanmean(age))",
    "table_mean": "m = float(df.age.mean())",
    "fillna_mean": "m = float(df.age.fillna(0).mean())",
    "dropna_mean": "m = float(df.age.dropna().mean())",
    "array_division_sum": "m = float((age * (ids - 1042.0) / (ids - 1042.0)).sum())",
    "array_log_mean": "m = float(np.log(age + 1.0).mean())",
    "skipna_false": "m = float((df.age + np.sqrt(-(df.patient_id - 1042.0) ** 2)).mean(skipna=False))",
    "table_ratio_mean": "m = float((df.a / df.b).mean())",
    "numpy_mean_log_loss_of_a_fitted_weight": "w = model.params['w']\nxx = df[['a', 'b', 'c', 'd']].to_numpy(float)\n"
                                              "yb = df['label'].to_numpy(float)\nfor _ in range(3):\n"
                                              "    p = 1.0 / (1.0 + np.exp(-(xx @ w)))\n"
                                              "    w = w - 0.1 * xx.T @ (p - yb) / len(yb)\n"
                                              "m = float(-np.mean(yb * np.log(p + 1e-9) + (1 - yb) * np.log(1 - p + 1e-9)))",
    "numpy_mean_of_an_array_log": "m = float(np.mean(np.log(age + 1.0)))",
    "numpy_median_of_a_table": "m = float(np.median(df.age + np.sqrt(-(df.patient_id - 1042.0) ** 2)))",
    "square_of_a_shift": "d = (ids - 1042.0) ** 2\nm = float(np.nanmean(age + 0 * d ** 2))",
}


@pytest.mark.parametrize("name", sorted(TWINS))
def test_honest_twin_stays_accepted(tmp_path: Path, name: str) -> None:
    kit.assert_accepted(scan(tmp_path, TWINS[name]))


def test_helper_of_an_unshifted_parameter_stays_accepted(tmp_path: Path) -> None:
    top = "def drift(a, i):\n    return float(np.nanmean(a + np.sqrt(i * 2.0)))\n"
    kit.assert_accepted(scan(tmp_path, "m = drift(age, ids)", top))


@pytest.mark.parametrize("entry", kit.labelled("/rt46e_"), ids=lambda e: e["path"])
def test_corpus_attack_is_held(entry: dict) -> None:
    kit.assert_held(kit.scan_sample(entry["path"]), "update-channel-leak.")


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_rt46e_*"))
def test_corpus_twin_stays_accepted(sample: str) -> None:
    kit.assert_accepted(kit.scan_sample(sample))
