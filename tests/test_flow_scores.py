"""Red team 5: what only looked like a count. A library metric, a loss or a test of values (any, isnan) is a
reduction of the samples it scores: an aggregate of the data taken whole, and of rows or cells the code chose
their value (reviewed); range() keeps its bounds; of the time module only the clocks are counts; a ranking
curve's thresholds are the scores it was given. One behaviour per test."""

from __future__ import annotations

import pytest

from tests.test_flow_aggregates import RAW, UNKNOWN, sent


@pytest.mark.parametrize("expr,setup", [
    ("[mean_absolute_error([0.0], [x[i, j]]) for i in range(4) for j in range(2)]",
     "from sklearn.metrics import mean_absolute_error\n"),
    ("[auc([0.0, 1.0], [x[i, 0], x[i, 0]]) for i in range(len(x))]", "from sklearn.metrics import auc\n"),
    ("[any([(int(x[i, 0]) >> b) & 1]) for i in range(4) for b in range(32)]", ""),
    ("[err(x[i, 0]) for i in range(4)]",
     "from sklearn.metrics import mean_absolute_error\ndef err(v):\n    return mean_absolute_error([0.0], [v])\n"),
])
def test_a_score_of_a_few_cells_the_code_chose_is_reviewed(expr: str, setup: str) -> None:
    found = sent(expr, setup)
    assert UNKNOWN in found and found <= {UNKNOWN, RAW}


@pytest.mark.parametrize("expr,setup", [
    ("mean_absolute_error(x[:, 0], x[:, 1])", "from sklearn.metrics import mean_absolute_error\n"),
    ("accuracy_score(y[:n], y[:n] > 0)",  # a share of the rows (a validation split, of y's own rows)
     "from sklearn.metrics import accuracy_score\ny = x[:, 0]\nn = int(0.8 * len(y))\n"),
    ("auc(fpr, tpr)", "from sklearn.metrics import auc, roc_curve\nfpr, tpr, _ = roc_curve(x[:, 0] > 1, x[:, 1])\n"),
    ("bool(np.isnan(x).any())", ""),
    ("time.perf_counter() - t0", "import time\nt0 = time.perf_counter()\n"),
])
def test_a_score_of_the_rows_is_clean(expr: str, setup: str) -> None:
    assert not sent(expr, setup)


@pytest.mark.parametrize("expr,setup", [
    ("[range(int(x[i, j])).stop for i in range(4) for j in range(2)]", ""),
    ("time.strftime(str(df['name'].tolist()))", "import time\n"),
    ("roc_curve(x[:, 0] > 1, df['ssn'])[2].tolist()", "from sklearn.metrics import roc_curve\n"),
])
def test_what_hands_back_its_argument_keeps_the_values(expr: str, setup: str) -> None:
    assert RAW in sent(expr, setup)


@pytest.mark.parametrize("expr,rule", [
    ("torch.nn.functional.l1_loss(t, torch.zeros_like(t), None, None, 'none').tolist()", RAW),  # by position
    ("torch.nn.functional.l1_loss(t, torch.zeros_like(t), reduce=False).tolist()", RAW),  # the legacy flag
    ("torch.nn.L1Loss(None, False)(t, torch.zeros_like(t)).tolist()", UNKNOWN),  # inline, by position
    ("torch.nn.functional.l1_loss(t, torch.zeros_like(t), **opts).tolist()", UNKNOWN),  # cannot be read
    ("mean_absolute_error(x[:, 0], np.zeros(len(x)), sample_weight=w)", UNKNOWN),  # a one-hot weighting
])
def test_a_loss_reduction_the_gate_cannot_read_as_a_reduction_is_not_clean(expr: str, rule: str) -> None:
    setup = "from sklearn.metrics import mean_absolute_error\nt = torch.tensor(x)\nopts = {'reduction': 'none'}\n" \
            "w = np.zeros(len(x))\nw[r] = 1.0\n"
    assert rule in sent(expr, setup)


def test_a_loss_reduced_by_name_stays_clean() -> None:
    assert not sent("torch.nn.L1Loss(reduction='sum')(t, torch.zeros_like(t)).item()", "t = torch.tensor(x)\n")


@pytest.mark.parametrize("expr", [
    "[mean_absolute_error([0.0], [x[int(np.argmax(x[:, 0])), j]]) for j in range(2)]",  # a row the data picks
    "mean_absolute_error(x[x[:, 0] == x[:, 0].max()][0], np.zeros(2))",  # a constant position of a selection
])
def test_a_score_of_one_row_picked_by_position_is_reviewed(expr: str) -> None:
    assert UNKNOWN in sent(expr, "from sklearn.metrics import mean_absolute_error\n")


def test_a_score_of_a_batch_field_stays_clean() -> None:
    setup = "loader = torch.utils.data.DataLoader(torch.tensor(x), batch_size=4)\ntotal = 0.0\n" \
            "for i, batch in enumerate(loader):\n    total += torch.nn.functional.mse_loss(batch[0], batch[1]).item()\n"
    assert not sent("total", setup)


def test_an_index_over_range_of_any_length_or_a_parameter_is_one_row() -> None:
    setup = "import torch.nn.functional as F\nt = torch.tensor(x)\n" \
            "def err(v, i):\n    return float(F.l1_loss(v[i], torch.zeros(2), reduction='sum'))\n"
    assert UNKNOWN in sent("[F.l1_loss(t[i], torch.zeros(2), reduction='sum').item() for i in range(len(t))]", setup)
    assert UNKNOWN in sent("[err(x, i) for i in range(len(x))]", setup)


def test_samples_picked_one_by_one_from_loader_batches_are_reviewed() -> None:
    # per-sample picks are rows the code chose (an unshuffled loader's batch_size=1 makes yb[0] one patient);
    # NVFlare's token-level evaluation (08.1_fed_bert) is reviewed for it
    setup = "loader = torch.utils.data.DataLoader(torch.tensor(x), batch_size=4)\nys, ps = [], []\n" \
            "for xb, yb in loader:\n    for i in range(len(yb)):\n        ys.append(yb[i])\n        ps.append(xb[i])\n"
    assert UNKNOWN in sent("mean_absolute_error(ys, ps)", "from sklearn.metrics import mean_absolute_error\n" + setup)
