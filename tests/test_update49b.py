"""Session 49 (update49b): what red team 49a left accepted where the job, not the data, chooses what leaves
(docs/redteam49a-attempts.md, "Session 49 (update49b)").

Held now (accepted on main), by provenance:
- a membership count: a sum, mean, any() or count_nonzero of an equality test against a value the code spells out
  (`(ids == 1042).sum()`, `mask.sum()`), or len() of `df.query("patient_id == 1042")`, sent as
  NUM_STEPS_CURRENT_ROUND, a metric or `flare.log`: whether that patient is at the site (calls.py counts_a_test,
  _comparison_text);
- max/min of values laid out one per row (`F.cross_entropy(..., reduction="none").max()`): one row's value (roles.py
  per_row_values, reductions.yaml row_extremes);
- a loader whose sampler is built with a selector (`WeightedRandomSampler((ids == 1042).astype(float), 8)`), or
  over rows an equality test against a spelled-out value picked (`TensorDataset(x[ids == 1042])`, `Subset(ds,
  np.flatnonzero(ids == 1042))`): those rows, named (calls.py sampler_of_selector, picked_by_value).
`count_df_eq_len` and `multinomial_mask` were held on main already (controls). Twins that stay accepted: an
accuracy count, a batch count, a mean loss, class-balancing sampler weights, a partition by the site's name, a
cohort by a threshold.
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


def meta(count: str) -> str:
    return ("flare.send(flare.FLModel(params=net.state_dict(), "
            f"meta={{'NUM_STEPS_CURRENT_ROUND': {count}}}))")


def loader_step(dataset: str, extra: str = "") -> str:
    return (f"for xb, yb in DataLoader({dataset}, batch_size=8{extra}):\n    opt.zero_grad()\n"
            "    F.cross_entropy(net(xb), yb).backward()\n    opt.step()")


NONE = "F.cross_entropy(net(x), y, reduction='none')"
SAMPLER = "from torch.utils.data import WeightedRandomSampler\n"

ATTACKS = {
    "count_query_meta": meta("len(df.query('patient_id == 1042'))"),
    "count_query_metric": "m = len(df.query('patient_id == 1042'))",
    "count_eq_sum_metric": "m = int((ids == 1042).sum())",
    "count_mask_sum_meta": "mask = ids == 1042\n" + meta("int(mask.sum())"),
    "count_df_eq_len": "m = len(df[df['patient_id'] == 1042])",
    "count_flare_log": "flare.log('m', int((ids == 1042).sum()))",
    "loss_max": f"m = float({NONE}.max())",
    "loss_min": f"m = float({NONE}.min())",
    "loss_max_numpy": f"losses = {NONE}.detach().numpy()\nm = float(np.max(losses))",
    "loss_max_torch_function": f"m = float(torch.max({NONE}))",
    "loss_min_bound": f"losses = {NONE}\nm = float(losses.min())",
    "weighted_sampler_mask": SAMPLER + "s = WeightedRandomSampler((ids == 1042).astype(float), 8)\n"
                             + loader_step("TensorDataset(x, y)", ", sampler=s"),
    "multinomial_mask": "i = torch.multinomial(torch.tensor(ids == 1042, dtype=torch.float32), 8, replacement=True)\n"
                        "opt.zero_grad()\nF.cross_entropy(net(x[i]), y[i]).backward()\nopt.step()",
    "tds_mask_loader": loader_step("TensorDataset(x[torch.tensor(ids) == 1042], y[torch.tensor(ids) == 1042])"),
    "tds_named_mask_loader": "sel = torch.tensor(ids) == 1042\nds1 = TensorDataset(x[sel], y[sel])\n"
                             + loader_step("ds1"),
    "subset_flatnonzero": "from torch.utils.data import Subset\n"
                          + loader_step("Subset(TensorDataset(x, y), np.flatnonzero(ids == 1042))"),
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_rows_the_job_chose_are_held(tmp_path: Path, name: str) -> None:
    kit.assert_held(scan(tmp_path, ATTACKS[name]), "update-channel-leak.")


TWINS = {
    "threshold_cohort_loader": "adults = torch.tensor(age >= 18)\n" + loader_step("TensorDataset(x[adults], y[adults])"),
    # a threshold's share sent as a metric (`(age >= 65).mean()`) is reviewed since red team 58a (tests/test_redteam58a.py)
    "site_partition_by_site_name": "site = flare.get_site_name()\nsel = torch.tensor(df['site'].values == site)\n"
                                   + loader_step("TensorDataset(x[sel], y[sel])"),
    "count_all_meta": meta("len(df)"),
    "count_correct_metric": "m = int((net(x).argmax(1) == y).sum())",
    "binary_accuracy_metric": "m = float(((torch.sigmoid(net(x)[:, 1]) > 0.5).float() == y).float().mean())",
    "loss_mean": f"m = float({NONE}.mean())",
    "predicted_class_share": "pred = net(x).argmax(1)\nm = float((pred == 0).float().mean())",
    "per_row_max_prediction": "m = float(torch.max(net(x), 1)[0].mean())",
    "weighted_sampler_class": SAMPLER + "s = WeightedRandomSampler(np.where(df['label'].values == 1, 3.0, 1.0), len(x))\n"
                              + loader_step("TensorDataset(x, y)", ", sampler=s"),
}


@pytest.mark.parametrize("name", sorted(TWINS))
def test_honest_twin_stays_accepted(tmp_path: Path, name: str) -> None:
    kit.assert_accepted(scan(tmp_path, TWINS[name]))


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/u49b_*"))
def test_corpus_attack_is_held(sample: str) -> None:
    kit.assert_held(kit.scan_sample(sample), "update-channel-leak.", Decision.ESCALATE)


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_u49b_*"))
def test_corpus_twin_stays_accepted(sample: str) -> None:
    kit.assert_accepted(kit.scan_sample(sample))


def test_labels_cover_the_samples() -> None:
    assert {e["path"] for e in kit.labelled("u49b_")} == set(kit.corpus_samples("malicious/u49b_*",
                                                                                 "benign/near_u49b_*"))
