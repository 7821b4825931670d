"""Red team 13: attacks on main as it stood at the start of session 27 (6596ba5). Each attack here was accepted
before its fix and must stay caught; the legitimate idiom nearest to each must stay accepted.
Samples: corpus/*/rt13_*."""

from __future__ import annotations

from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.model import Decision


HEAD = """import csv
import io
import pandas as pd
import torch
import nvflare.client as flare

df = pd.read_csv("data/site.csv")


def main():
    net = torch.nn.Linear(3, 1)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
"""


def _scan(tmp_path: Path, body: str, value: str = "value"):
    send = f"        flare.send(flare.FLModel(params=net.state_dict(), meta={{'v': {value}}}))\n"
    return kit.scan_source(tmp_path, HEAD + body + send, "train.py")


@pytest.mark.parametrize("sample", ["rt13_print_file_roundtrip.py", "rt13_csv_writer_buffer.py",
                                    "rt13_key_order_bit.py", "rt13_sort_reverse_cell.py",
                                    "rt13_state_dict_update_row.py", "rt13_param_group_lr_cell.py",
                                    "rt13_batch_size_cell_steps.py", "rt13_rng_advance_bit.py",
                                    "rt13_rng_setstate_row.py", "rt13_suppress_bit.py",
                                    "rt13_generator_yield_bit.py", "rt13_filter_count_bit.py",
                                    "rt13_match_guard_bit.py", "rt13_helper_fills_parameter.py",
                                    "rt13_map_bound_update.py", "rt13_validator_raises_bit.py",
                                    "rt13_not_cell_flag.py", "rt13_count_membership_bit.py",
                                    "rt13_function_defaults_row.py"])
def test_sample_is_not_accepted(sample: str) -> None:
    report = kit.scan(kit.CORPUS / "malicious" / sample)
    assert report.decision is not Decision.ACCEPT, kit.rules(report)


@pytest.mark.parametrize("sample", ["rt13_journal_and_csv_report.py", "rt13_sorted_state_keys.py",
                                    "rt13_state_merge_and_lr_decay.py",
                                    "rt13_seeded_noise_warmup.py", "rt13_guarded_steps_and_generators.py",
                                    "rt13_helper_warm_start_and_parts.py", "rt13_validator_on_shape.py",
                                    "rt13_not_empty_flag.py"])
def test_twin_sample_stays_accepted(sample: str) -> None:
    report = kit.scan(kit.CORPUS / "benign" / sample)
    kit.assert_accepted(report)


def test_a_batch_size_that_is_one_at_a_small_site_is_reviewed() -> None:
    """Red team 54a (relabelled [escalate]): `min(setting, max(1, len(df) // 10))` is 1 for a table under 20 rows,
    and the last step's loss sent is then one patient's."""
    assert kit.scan(kit.CORPUS / "benign" / "rt13_batch_size_config_steps.py").decision.value == "escalate"


# ---- writes into a handle: print(file=...), a writer built over a buffer, a handle name opened twice ----------

def test_print_into_a_memory_buffer_is_what_the_buffer_holds(tmp_path: Path) -> None:
    body = "        buf = io.StringIO()\n        print(df.iloc[0].tolist(), file=buf)\n        value = buf.getvalue()\n"
    assert _scan(tmp_path, body).decision is Decision.REJECT


def test_csv_writer_bound_to_a_name_writes_into_its_buffer(tmp_path: Path) -> None:
    body = ("        buf = io.StringIO()\n        w = csv.writer(buf)\n        w.writerow(df.iloc[0].tolist())\n"
            "        value = buf.getvalue()\n")
    assert _scan(tmp_path, body).decision is Decision.REJECT


def test_handle_name_reused_for_the_read_back_still_notes_the_write(tmp_path: Path) -> None:
    body = ('        with open("outputs/j.txt", "w") as fh:\n            fh.write(str(df.iloc[0].tolist()))\n'
            '        with open("outputs/j.txt") as fh:\n            value = fh.read()\n')
    assert _scan(tmp_path, body).decision is not Decision.ACCEPT


def test_printed_losses_read_back_stay_accepted(tmp_path: Path) -> None:
    body = ('        buf = io.StringIO()\n        w = csv.writer(buf)\n        w.writerow(["round", m.current_round])\n'
            '        with open("outputs/j.txt", "w") as fh:\n            print("rows", len(df), file=fh)\n'
            '        with open("outputs/j.txt") as fh:\n            value = fh.read() + buf.getvalue()\n')
    report = _scan(tmp_path, body)
    kit.assert_accepted(report)


# ---- the order of the update's entries -----------------------------------------------------------------------

ORDERED = "        sd = net.state_dict()\n        keys = list(sd)\n"
SENT_IN_ORDER = "{k: sd[k] for k in keys}"


@pytest.mark.parametrize("reorder", ["if float(df.iloc[0, 0]) > 0.5:\n            keys.sort()",
                                     "if float(df.iloc[0, 0]) > 0.5:\n            keys.reverse()",
                                     "import random\n        if float(df.iloc[0, 0]) > 0.5:\n            random.shuffle(keys)",
                                     "keys.sort(reverse=bool(df.iloc[0, 0] > 0.5))"])
def test_order_decided_by_a_record_is_not_accepted(tmp_path: Path, reorder: str) -> None:
    report = _scan(tmp_path, ORDERED + "        " + reorder + "\n", SENT_IN_ORDER)
    assert report.decision is not Decision.ACCEPT, kit.rules(report)


def test_order_decided_by_the_round_stays_accepted(tmp_path: Path) -> None:
    body = ORDERED + "        keys.sort(key=len, reverse=m.current_round % 2 == 0)\n        if m.current_round > 2:\n" \
                     "            keys.reverse()\n"
    report = _scan(tmp_path, body, SENT_IN_ORDER)
    kit.assert_accepted(report)


# ---- dict and list stores into a model's state or an optimizer ------------------------------------------------

TRAIN = ("        opt = torch.optim.SGD(net.parameters(), lr=0.01)\n        extra = torch.nn.Parameter(torch.zeros(1))\n"
         "        net.register_parameter('extra', extra)\n")
STEP = "        (net(torch.ones(1, 3)).sum() + extra.sum()).backward()\n        opt.step()\n"


@pytest.mark.parametrize("store", ["sd = net.state_dict()\n        sd.update({'bias': torch.tensor(df.values[0, :1])})\n"
                                   "        net.load_state_dict(sd)",
                                   "opt.param_groups[0].update(lr=float(df.iloc[0, 0]))",
                                   "opt.defaults.update(lr=float(df.iloc[0, 0]))\n"
                                   "        opt.add_param_group({'params': [extra]})",
                                   "opt.add_param_group({'params': [extra], 'lr': float(df.iloc[0, 0])})"])
def test_a_record_stored_into_the_model_or_its_optimizer_is_in_the_update(tmp_path: Path, store: str) -> None:
    report = _scan(tmp_path, TRAIN + "        " + store + "\n" + STEP, "1")
    assert report.decision is Decision.REJECT, kit.rules(report)


def test_settings_stored_into_the_optimizer_stay_accepted(tmp_path: Path) -> None:
    body = TRAIN + "        opt.param_groups[0].update(lr=0.1 * m.current_round)\n" \
                   "        opt.add_param_group({'params': [extra], 'lr': 0.5})\n" + STEP
    report = _scan(tmp_path, body, "1")
    kit.assert_accepted(report)


# ---- the number of batches a loader hands out ------------------------------------------------------------------

LOADER = ("        ds = torch.utils.data.TensorDataset(torch.tensor(df.values))\n"
          "        loader = torch.utils.data.DataLoader(ds, batch_size={size})\n")


@pytest.mark.parametrize("count", ["len(loader)", "sum(1 for _ in loader)"])
def test_batches_of_a_size_a_record_chose_are_not_accepted(tmp_path: Path, count: str) -> None:
    report = _scan(tmp_path, LOADER.format(size="int(df.iloc[0, 0])"), count)
    assert report.decision is not Decision.ACCEPT, kit.rules(report)


def test_batches_of_a_size_the_job_chose_stay_accepted(tmp_path: Path) -> None:
    report = _scan(tmp_path, LOADER.format(size="max(1, len(df) // 10)"), "len(loader)")
    kit.assert_accepted(report)


@pytest.mark.parametrize("count", ["sum(1 for _ in range(int(df.iloc[0, 0])))",
                                   "len([0 for _ in range(int(df.iloc[0, 0]))])"])
def test_a_comprehension_over_a_range_a_record_sized_is_not_accepted(tmp_path: Path, count: str) -> None:
    report = _scan(tmp_path, "", count)
    assert report.decision is not Decision.ACCEPT, kit.rules(report)


def test_a_comprehension_over_the_rows_stays_accepted(tmp_path: Path) -> None:
    report = _scan(tmp_path, "", "sum(1 for _ in range(len(df))) + len([0 for _ in df.columns])")
    kit.assert_accepted(report)


# ---- a generator's state: moved on under a test, or set from a record ------------------------------------------

NOISE = "        torch.manual_seed(0)\n{before}        noise = torch.randn(3)\n"


@pytest.mark.parametrize("before", ["        if float(df.iloc[0, 0]) > 0.5:\n            torch.rand(1)\n",
                                    "        torch.set_rng_state(torch.tensor(df.values[0], dtype=torch.uint8))\n"])
def test_noise_after_a_generator_a_record_moved_is_not_accepted(tmp_path: Path, before: str) -> None:
    report = _scan(tmp_path, NOISE.format(before=before), "noise.tolist()")
    assert report.decision is not Decision.ACCEPT, kit.rules(report)


def test_noise_after_a_generator_the_round_moved_stays_accepted(tmp_path: Path) -> None:
    before = "        if m.current_round % 2:\n            torch.rand(1)\n        torch.set_rng_state(torch.get_rng_state())\n"
    report = _scan(tmp_path, NOISE.format(before=before), "noise.tolist()")
    kit.assert_accepted(report)


# ---- a file written in one module of the job and read in another ---------------------------------------------

def test_a_file_another_module_wrote_rows_into_is_not_accepted() -> None:
    report = kit.scan_sample("jobs/rt13_schema_written_by_helper")
    assert report.decision is not Decision.ACCEPT, kit.rules(report)


def test_a_file_another_module_wrote_counts_into_stays_accepted() -> None:
    report = kit.scan_sample("jobs/rt13_schema_counts_by_helper")
    kit.assert_accepted(report)


# ---- implicit flows: a body that may raise, a generator's yields, filter's predicate, a case's guard ----------

TEST = "float(df.iloc[0, 0]) > m.meta.get('probe', 0.0)"


@pytest.mark.parametrize("body", [
    f"        value = 0\n        try:\n            _ = 1 / int({TEST})\n            value = 1\n"
    "        except ZeroDivisionError:\n            pass\n",
    f"        import contextlib\n        value = 0\n        with contextlib.suppress(ZeroDivisionError):\n"
    f"            _ = 1 / int({TEST})\n            value = 1\n",
    f"        def probe():\n            if {TEST}:\n                yield 1\n        value = len(list(probe()))\n",
    f"        def probe():\n            if {TEST}:\n                yield 1\n        value = 0\n        for _ in probe():\n"
    "            value = 1\n",
    "        value = len(list(filter(lambda v: v > m.meta['probe'], df.values[0].tolist())))\n",
    f"        match m.current_round:\n            case 1 if {TEST}:\n                value = 1\n            case _:\n"
    "                value = 0\n"])
def test_a_bit_decided_by_a_record_is_not_accepted(tmp_path: Path, body: str) -> None:
    report = _scan(tmp_path, body)
    assert report.decision is not Decision.ACCEPT, kit.rules(report)


def test_the_same_shapes_decided_by_the_round_stay_accepted(tmp_path: Path) -> None:
    body = ("        value = 0\n        try:\n            _ = 1 / m.current_round\n            value = 1\n"
            "        except ZeroDivisionError:\n            pass\n"
            "        def probe():\n            if m.current_round > 1:\n                yield 1\n"
            "        value += len(list(probe())) + len(list(filter(lambda k: 'w' in k, net.state_dict())))\n"
            "        match m.current_round:\n            case 1 if len(df) > 10:\n                value += 1\n"
            "            case _:\n                pass\n")
    report = _scan(tmp_path, body)
    kit.assert_accepted(report)


# ---- stores through a function or a method handed to a call, or looked up by getattr --------------------------

FILL = "        def fill(p):\n            with torch.no_grad():\n                p.copy_(torch.tensor(df.values[0, :1]))\n"
META = "        meta = {}\n"


@pytest.mark.parametrize("body, value", [
    (FILL + "        fill(net.bias)\n", "1"),
    (FILL + "        list(map(fill, [net.bias]))\n", "1"),
    ("        list(map(lambda p: p.copy_(torch.tensor(df.values[0, :1])), [net.bias.data]))\n", "1"),
    (META + "        any(map(meta.update, [{'row': df.values[0].tolist()}]))\n", "meta"),
    (META + "        import functools\n        functools.reduce(lambda d, kv: d.update([kv]) or d, "
     "[('row', df.values[0].tolist())], meta)\n", "meta"),
    (META + "        getattr(meta, 'up' + 'date')(row=df.values[0].tolist())\n", "meta")])
def test_a_record_stored_through_a_handed_function_is_in_the_update(tmp_path: Path, body: str, value: str) -> None:
    report = _scan(tmp_path, body, value)
    assert report.decision is Decision.REJECT, kit.rules(report)


def test_the_servers_weights_stored_through_a_handed_function_stay_accepted(tmp_path: Path) -> None:
    body = ("        def fill(p, v):\n            with torch.no_grad():\n                p.copy_(v)\n"
            "        fill(net.bias, m.params['bias'])\n        list(map(fill, [net.weight], [m.params['weight']]))\n"
            + META + "        any(map(meta.update, [{'n': len(df)}]))\n        getattr(meta, 'update')(r=m.current_round)\n")
    report = _scan(tmp_path, body, "meta")
    kit.assert_accepted(report)


# ---- whether a function raises ----------------------------------------------------------------------------------

RAISES = f"        def check():\n            if {TEST}:\n                raise ValueError('over')\n"
ASSERTS = f"        def check():\n            assert not ({TEST})\n"


@pytest.mark.parametrize("body", [
    RAISES + "        value = 0\n        try:\n            check()\n            value = 1\n        except ValueError:\n"
    "            pass\n",
    RAISES + "        try:\n            check()\n            value = 'ok'\n        except ValueError:\n"
    "            value = 'over'\n",
    ASSERTS + "        try:\n            check()\n            value = 1\n        except AssertionError:\n"
    "            value = 0\n"])
def test_whether_a_callee_raised_on_a_record_is_not_accepted(tmp_path: Path, body: str) -> None:
    report = _scan(tmp_path, body)
    assert report.decision is not Decision.ACCEPT, kit.rules(report)


def test_not_of_a_record_is_the_record(tmp_path: Path) -> None:
    report = _scan(tmp_path, "        value = not float(df.iloc[0, 0])\n")
    assert report.decision is Decision.REJECT, kit.rules(report)


@pytest.mark.parametrize("count", ["[1, 2, 3].count(int(df.iloc[0, 0]))",
                                   "len(list(itertools.islice(range(100), int(df.iloc[0, 0]))))"])
def test_a_count_of_a_value_a_record_chose_is_not_accepted(tmp_path: Path, count: str) -> None:
    report = _scan(tmp_path, "        import itertools\n", count)
    assert report.decision is not Decision.ACCEPT, kit.rules(report)


def test_a_count_of_a_constant_in_the_table_is_a_count_of_chosen_rows(tmp_path: Path) -> None:
    """`.count(30)` counts the rows equal to a value the code chose, as `(df.age == 30).sum()` does: a statistic of
    rows the code chose, escalated since red team 50a (`ids.tolist().count(1042)` is a membership bit)."""
    report = _scan(tmp_path, "        import itertools\n",
                   "df['age'].tolist().count(30) + len(list(itertools.islice(range(100), 5)))")
    assert report.decision is Decision.ESCALATE, kit.findings(report)
    assert kit.holds(report, "update-channel-leak.unknown-provenance"), kit.findings(report)


def test_a_count_of_the_whole_table_stays_accepted(tmp_path: Path) -> None:
    report = _scan(tmp_path, "        import itertools\n",
                   "len(df['age'].tolist()) + len(list(itertools.islice(range(100), 5)))")
    kit.assert_accepted(report)


@pytest.mark.parametrize("attr", ["__defaults__[0]", "__kwdefaults__['v']"])
def test_a_functions_defaults_read_back_are_not_accepted(tmp_path: Path, attr: str) -> None:
    body = "        def f(*a, v=float(df.iloc[0, 0])):\n            return 0\n" if "kw" in attr else \
        "        def f(v=float(df.iloc[0, 0])):\n            return 0\n"
    report = _scan(tmp_path, body, f"f.{attr}")
    assert report.decision is not Decision.ACCEPT, kit.rules(report)
