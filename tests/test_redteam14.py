"""Red team 14: attacks on main as it stood at the start of session 28 (95beeb9). Each attack here was accepted
before its fix and must stay caught; the legitimate idiom nearest to each must stay accepted.
Samples: corpus/*/rt14_*."""

from __future__ import annotations

from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.model import Decision


# ---- what a value is: type(), isinstance(), hasattr(), callable(), id() of a cell the code chose ---------------

@pytest.mark.parametrize("body", [
    "        value = type(json.loads(df.iloc[0, 1])).__name__\n",            # int / float / list / str of a cell
    "        value = len(type(df.iloc[0, 0]).__name__)\n",                     # 'str' or 'float': a missing field
    "        value = sum(isinstance(c, str) << i for i, c in enumerate(df['note'][:50]))\n",  # 50 rows' bitmap
    "        value = value + float(hasattr(df.iloc[0, 0], 'upper'))\n",
    "        value = value + float(callable(df.iloc[0, 0]))\n",
    "        value = value + float(id(int(df.iloc[0, 0])) - id(0)) / 32\n",  # CPython's small ints: the int itself
])
def test_what_a_chosen_cell_is_is_not_a_count(tmp_path: Path, body: str) -> None:
    assert kit.scan_training_client(tmp_path, body).decision is not Decision.ACCEPT


@pytest.mark.parametrize("body", [
    "        value = value + float(isinstance(df, pd.DataFrame)) + len(type(net).__name__)\n",
    "        value = value + len(df) + float(hasattr(net, 'weight'))\n",
])
def test_what_the_whole_table_or_the_model_is_stays_clean(tmp_path: Path, body: str) -> None:
    kit.assert_accepted(kit.scan_training_client(tmp_path, body))


# ---- a library's exception names the value it failed on: `except E as e` then print(e) / str(e) ---------------

@pytest.mark.parametrize("body", [
    "        try:\n            int(df['name'].iloc[m.current_round])\n        except ValueError as e:\n            print(e)\n",
    "        try:\n            {}[str(df.head(50).to_dict())]\n        except KeyError as e:\n            value = str(e)\n",
    "        try:\n            float(df.iloc[0, 0])\n        except Exception as err:\n            print(f'skip: {err!r}')\n",
])
def test_a_caught_library_exception_carries_what_its_try_body_computed(tmp_path: Path, body: str) -> None:
    assert kit.scan_training_client(tmp_path, body).decision is not Decision.ACCEPT


def test_a_library_exception_raised_in_a_job_function_reaches_the_callers_handler(tmp_path: Path) -> None:
    body = ("        def parse(v):\n            return int(v)\n"
            "        try:\n            parse(df['name'].iloc[m.current_round])\n"
            "        except ValueError as e:\n            print(e)\n")
    assert kit.scan_training_client(tmp_path, body).decision is not Decision.ACCEPT


def test_an_exception_caught_around_training_alone_stays_clean(tmp_path: Path) -> None:
    body = ("        try:\n            torch.save(net.state_dict(), 'ckpt.pt')\n"
            "        except OSError as e:\n            print(f'checkpoint not saved: {e}')\n")
    kit.assert_accepted(kit.scan_training_client(tmp_path, body))


# ---- a file the job wrote, probed without reading it: exists(), getsize(), stat() ------------------------------

@pytest.mark.parametrize("body", [
    # one bit per round: whether the branch on a cell made the file
    "        if df.iloc[0, 0] > 50:\n            open('cache/flag', 'w').close()\n"
    "        value = value + float(os.path.exists('cache/flag'))\n",
    "        if df.iloc[0, 0] > 50:\n            os.makedirs('cache/flag', exist_ok=True)\n"
    "        value = value + float(os.path.isdir('cache/flag'))\n",
    "        if df.iloc[0, 0] > 50:\n            open('cache/flag', 'w').write('1')\n"
    "        value = value + float(pathlib.Path('cache/flag').exists())\n",
    # the cell itself: a file as long as its value
    "        with open('cache/pad.bin', 'wb') as f:\n            f.write(b'0' * int(df.iloc[0, 0]))\n"
    "        value = value + os.path.getsize('cache/pad.bin')\n",
    "        with open('cache/pad.bin', 'wb') as f:\n            f.write(b'0' * int(df.iloc[0, 0]))\n"
    "        value = value + os.stat('cache/pad.bin').st_size\n",
])
def test_a_probe_of_a_file_the_job_wrote_reads_what_decided_it(tmp_path: Path, body: str) -> None:
    assert kit.scan_training_client(tmp_path, "        import os, pathlib\n" + body).decision is not Decision.ACCEPT


def test_a_probe_of_a_checkpoint_the_job_saved_stays_clean(tmp_path: Path) -> None:
    body = ("        import os\n        torch.save(net.state_dict(), 'ckpt.pt')\n        os.makedirs('runs', exist_ok=True)\n"
            "        if os.path.exists('ckpt.pt') and os.path.isdir('runs'):\n"
            "            value = value + os.path.getsize('ckpt.pt') * 0\n")
    kit.assert_accepted(kit.scan_training_client(tmp_path, body))


# ---- how many distinct or present values rows the code chose hold: whether two patients are alike -------------

@pytest.mark.parametrize("body", [
    "        value = value + int(df.iloc[[3, 7]]['diagnosis'].nunique())\n",
    "        value = value + int(df.iloc[:1]['note'].count())\n",
    "        value = value + int(np.count_nonzero(df['age'].values[:2] - 40))\n",
])
def test_a_count_of_values_of_chosen_rows_is_not_a_size(tmp_path: Path, body: str) -> None:
    assert kit.scan_training_client(tmp_path, "        import numpy as np\n" + body).decision is not Decision.ACCEPT


def test_a_count_of_values_of_the_whole_table_stays_an_aggregate(tmp_path: Path) -> None:
    body = "        value = value + int(df['diagnosis'].nunique()) + int(df['note'].count())\n"
    kit.assert_accepted(kit.scan_training_client(tmp_path, body))


# ---- sizes that are values: a set of chosen cells, a tensor repeated a cell's times -----------------------------

@pytest.mark.parametrize("body", [
    "        value = value + float(len(set(df['name'].iloc[:5])))\n",          # which of five patients share a name
    "        value = value + float(torch.ones(2).repeat(int(df['age'].iloc[0])).numel())\n",  # 2 x the age
    "        value = value + float(torch.zeros(1).new_zeros(int(df['age'].iloc[0])).shape[0])\n",
])
def test_a_size_made_by_chosen_values_is_not_a_count(tmp_path: Path, body: str) -> None:
    assert kit.scan_training_client(tmp_path, body).decision is not Decision.ACCEPT


def test_classes_of_the_whole_table_and_a_repeated_batch_stay_clean(tmp_path: Path) -> None:
    body = ("        value = value + float(len(set(df['y']))) + float(X[:4].repeat(2, 1).shape[0])\n")
    kit.assert_accepted(kit.scan_training_client(tmp_path, body))


# (strict xfails until session 31: a display's size and a text array's width in bytes)
@pytest.mark.parametrize("body", [
    # a dict literal keyed by two cells: its size says whether they are equal
    "        value = value + float(len({df['name'].iloc[0]: 1, df['name'].iloc[1]: 2}))\n",
    "        value = value + float(len({df['name'].iloc[0], df['name'].iloc[1]}))\n",
    # a string array's dtype is as wide as its longest text: nbytes of one cell's is its length
    "        value = value + float(df['name'].values[:1].astype(str).nbytes)\n",
    "        value = value + float(df['name'].values[:1].astype(str).itemsize)\n",
], ids=["dict_display", "set_display", "nbytes", "itemsize"])
def test_a_display_size_or_a_width_of_chosen_cells_is_not_a_count(tmp_path: Path, body: str) -> None:
    assert kit.scan_training_client(tmp_path, body).decision is not Decision.ACCEPT


def test_the_shape_of_a_table_built_row_by_row_stays_a_size(tmp_path: Path) -> None:
    # (an element's len() is its text's length, but a shape is no len(): session 31 escalated this for a commit)
    body = ("        rows = df.to_dict('records')\n        x2 = torch.tensor([[float(v) for v in r.values()] for r in rows])\n"
            "        n2 = torch.nn.Linear(x2.shape[1], 1)\n        value = value + float(x2.shape[1])\n")
    kit.assert_accepted(kit.scan_training_client(tmp_path, body))


def test_a_display_size_and_widths_of_the_whole_table_stay_clean(tmp_path: Path) -> None:
    body = ("        value = value + float(len({'a': 1, 'b': float(df['age'].mean())})) + float(len({v for v in df['y']}))\n"
            "        value = value + float(df['name'].values.astype(str).nbytes) + float(X.nbytes)\n")
    kit.assert_accepted(kit.scan_training_client(tmp_path, body))


# ---- left open (documented in docs/architecture.md, "Red team 14") ------------------------------------------------

# Closed in session 33 (Origin.few, tests/test_redteam23.py): a loss over rows named by constant positions
# reaching backward() writes them into the model. It had been a strict xfail here; it passed in CI, so it moved.
def test_a_loss_pulling_a_parameter_onto_a_named_row_is_not_accepted(tmp_path: Path) -> None:
    body = ("        for _ in range(200):\n            opt.zero_grad()\n"
            "            torch.nn.functional.mse_loss(net.weight[0], X[0]).backward()\n            opt.step()\n")
    assert kit.scan_training_client(tmp_path, body).decision is not Decision.ACCEPT


OPEN = [
    # the length of a chosen cell: len() of rows the code chose is a batch size, of a cell its text's length
    "        value = value + float(len(df['name'].iloc[0]))\n",
    # (a library loss's hyperparameter taken from a cell: closed by red team 15, tests/test_redteam15.py)
    # a lookup that quotes its key and that no try catches: the traceback (the rows) ends the streamed job log
    "        {}[str(df.head(50).to_dict())]\n",
]


@pytest.mark.xfail(strict=True, reason="red team 14, left open (session 33 reviewed): (1) len() of a cell at a "
                   "constant position (`df['name'].iloc[0]`) is spelled as len() of a row (`len(X[0])`, the feature "
                   "count benign code sizes a layer by), and the flow does not know a value's dimensions; (2) an "
                   "uncaught lookup quoting rows ends the streamed log in its traceback, and reviewing every lookup of "
                   "a row in top-level code would escalate most jobs")
@pytest.mark.parametrize("body", OPEN)
def test_left_open(tmp_path: Path, body: str) -> None:
    assert kit.scan_training_client(tmp_path, body).decision is not Decision.ACCEPT


# ---- a round's timing and a loss's scale: what the server sees besides the values -----------------------------

@pytest.mark.parametrize("body", [
    "        time.sleep(float(df.iloc[0, 0]) / 100)\n",                          # the round is late by the cell
    "        opt.zero_grad()\n        (loss * float(df.iloc[0, 0] > 50)).backward()\n        opt.step()\n",  # zero or not
    "        opt.zero_grad()\n        (net(X).mean() * float(df.iloc[0, 0])).backward()\n        opt.step()\n",
])
def test_what_decides_the_round_besides_the_values_is_in_the_update(tmp_path: Path, body: str) -> None:
    assert kit.scan_training_client(tmp_path, "        import time\n" + body).decision is not Decision.ACCEPT


def test_a_fixed_pause_and_a_minibatch_loss_stay_clean(tmp_path: Path) -> None:
    body = ("        import time\n        time.sleep(0.5)\n        for i in range(0, len(X), 8):\n"
            "            opt.zero_grad()\n"
            "            (torch.nn.functional.mse_loss(net(X[i:i + 8]).squeeze(-1), Y[i:i + 8]) * 0.5).backward()\n"
            "            opt.step()\n")
    kit.assert_accepted(kit.scan_training_client(tmp_path, body))
