"""Session 43 (holes43): attacks the suite named OPEN, and new forms of red team 42's row selector, closed at their
cause; each beside the honest form nearest to it, which stays accepted.

- A loss object built with a selector as its row weights (`nn.BCEWithLogitsLoss(weight=sel)(out, y)`): the
  keywords of the call that built the object called are its row weights too (Frame.constructors).
- A product over the parts of a stack (`torch.stack([losses, sel], 1).prod(1)`, `np.hstack([...]).prod(1)`) is
  `losses * sel` (reductions.yaml part_products, part_stacks; Frame.stacked_parts).
- A selector a helper of the job returns (`(ids == 1042).float()` inline in the helper, or a zeros array it writes
  a one into in another module): judged by what the helper returns, as inline (Frame.selector; row_selector reads
  the writes of the module the helper's scope belongs to).
- The round's number as a bare index (`df["age"].iloc[model.current_round]`): one position, as a constant is
  (reductions.yaml round_numbers, syntax._constant_positions): a statistic of that row in the log is reviewed.
"""

from __future__ import annotations

import io
import json
import subprocess
import zipfile

import pytest

import redteam_kit as kit
import test_redteam40a as rt40a
import test_redteam42 as rt42
import test_holes42 as hl42

IDS = "ids = torch.tensor(df['id'].values)\n"


# ---- the corpus ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/hl43_*"))
def test_attack_is_held(sample):
    kit.assert_held(kit.scan_sample(sample), "update-channel-leak.")


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_hl43_*"))
def test_near_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


def test_the_samples_are_labelled():
    labelled = {e["path"] for e in kit.labelled("hl43_")}
    assert labelled == set(kit.corpus_samples("malicious/hl43_*", "benign/near_hl43_*"))


def _trained(tmp_path, loss: str, head: str = "") -> str:
    return rt42.CLIENT.verdict(tmp_path, rt42.TRAIN.format(loss=loss), head=head)[0]


# ---- a loss object built with row weights -------------------------------------------------------------------------

@pytest.mark.parametrize("loss", [
    "crit = torch.nn.BCEWithLogitsLoss(weight=(torch.arange(len(y)) == 7).float())\nloss = crit(net(x).squeeze(-1), y)",
    rt42.SELECTOR + "loss = torch.nn.MSELoss(reduction='none')(net(x).squeeze(-1), y).mul(sel).sum()",
    rt42.SELECTOR + "crit = torch.nn.BCEWithLogitsLoss(weight=sel)\nloss = crit(net(x).squeeze(-1), y)",
])
def test_a_loss_object_weighted_by_a_selector_is_held(tmp_path, loss):
    assert _trained(tmp_path, loss) != "accept"


@pytest.mark.parametrize("loss", [
    "crit = torch.nn.BCEWithLogitsLoss(weight=torch.full((len(y),), 0.5))\nloss = crit(net(x).squeeze(-1), y)",
    "crit = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor([3.0]))\nloss = crit(net(x).squeeze(-1), y)",
    "loss = torch.nn.MSELoss()(net(x).squeeze(-1), y)",
])
def test_a_loss_object_weighted_alike_stays_accepted(tmp_path, loss):
    assert _trained(tmp_path, loss) == "accept"


# ---- a product over a stack's parts -------------------------------------------------------------------------------

@pytest.mark.parametrize("loss", [
    rt42.SELECTOR + "loss = torch.stack([losses, sel], 1).prod(1).sum()",
    rt42.SELECTOR + "loss = torch.hstack([losses[:, None], sel[:, None]]).prod(1).sum()",
    rt42.SELECTOR + "both = torch.stack([losses, sel], 1)\nloss = torch.prod(both, 1).sum()",
    IDS + "loss = torch.stack([losses, (ids == 1042).float()], 1).prod(1).sum()",
])
def test_a_product_over_stacked_parts_with_a_selector_is_held(tmp_path, loss):
    assert _trained(tmp_path, loss) != "accept"


@pytest.mark.parametrize("loss", [
    "loss = torch.stack([losses, torch.where(y == 1, 3.0, 1.0)], 1).prod(1).mean()",  # class weights
    "loss = torch.stack([losses, torch.full((len(y),), 0.5)], 1).prod(1).sum()",
    "loss = torch.stack([losses, losses], 1).prod(1).mean()",
])
def test_a_product_over_stacked_weights_stays_accepted(tmp_path, loss):
    assert _trained(tmp_path, loss) == "accept"


def test_the_stacked_product_is_the_row():
    """The premise, in torch: the product over the stack's parts is `losses * sel`, one row's loss."""
    script = ("import torch\nlosses = torch.rand(10)\nsel = torch.nn.functional.one_hot(torch.tensor(7), 10).float()\n"
              "assert torch.equal(torch.stack([losses, sel], 1).prod(1).sum(), losses[7])\nprint('row')\n")
    done = subprocess.run([str(kit.FL_PYTHON), "-c", script], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "row", done.stderr


# ---- a selector a helper returns ----------------------------------------------------------------------------------

ZEROS_HELPER = "import torch\n\n\ndef one_row(n):\n    w = torch.zeros(n)\n    w[7] = 1.0\n    return w\n"
MASK_HELPER = "def one_row(ids):\n    return (ids == 1042).float()\n"
CLASS_HELPER = "import torch\n\n\ndef one_row(y):\n    return torch.where(y == 1, 3.0, 1.0)\n"
UNIFORM_HELPER = "import torch\n\n\ndef one_row(n):\n    return torch.full((n,), 1.0 / n)\n"


def _helper_verdict(tmp_path, helper: str, argument: str, elsewhere: bool) -> str:
    loss = IDS + f"sel = {'picks.' if elsewhere else ''}one_row({argument})\nloss = (losses * sel).sum()"
    if not elsewhere:
        return _trained(tmp_path, loss, head=helper)
    client = rt42.CLIENT.source(rt42.TRAIN.format(loss=loss), head="import picks\n")
    return kit.scan_files(tmp_path, {"client.py": client, "picks.py": helper}).decision.value


@pytest.mark.parametrize("elsewhere", [False, True], ids=["same_module", "other_module"])
@pytest.mark.parametrize("helper, argument", [(ZEROS_HELPER, "len(y)"), (MASK_HELPER, "ids")], ids=["zeros", "mask"])
def test_a_selector_a_helper_returns_is_held(tmp_path, helper, argument, elsewhere):
    assert _helper_verdict(tmp_path, helper, argument, elsewhere) != "accept"


@pytest.mark.parametrize("elsewhere", [False, True], ids=["same_module", "other_module"])
@pytest.mark.parametrize("helper, argument", [(CLASS_HELPER, "y"), (UNIFORM_HELPER, "len(y)")],
                         ids=["class_weights", "uniform"])
def test_weights_a_helper_returns_stay_accepted(tmp_path, helper, argument, elsewhere):
    assert _helper_verdict(tmp_path, helper, argument, elsewhere) == "accept"


# ---- held already on main (the brief's other forms), kept as guards -----------------------------------------------

@pytest.mark.parametrize("loss", [
    rt42.SELECTOR + "loss = torch.einsum('i,i->', losses, sel)",
    rt42.SELECTOR + "loss = losses @ sel",
    "k = int(df['id'].values[0])\nsel = torch.nn.functional.one_hot(torch.tensor(k), len(y)).float()\n"
    "loss = (losses * sel).sum()",  # the position read from the site's table
])
def test_other_selector_forms_are_held(tmp_path, loss):
    assert _trained(tmp_path, loss) != "accept"


def test_a_nonlocal_store_by_a_returned_closure_is_held():
    """A closure returned and called outside the function that made it stores the row into its cell; its sibling
    hands it back (held on main: the row reaches the update through get())."""
    head = ("def recorder():\n    box = 0.0\n    def put(b):\n        nonlocal box\n        box = b\n"
            "    def get():\n        return box\n    return put, get\n")
    assert hl42._decision(f"put, get = recorder()\nput({hl42.ROW})\nv = get()", ", metrics={'v': v}", head) != "accept"


# ---- the round's row ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    'r = int(model.current_round)\nprint("reference", float(x[r, 0]))',
    'print("reference", df["age"].iat[model.current_round])',
])
def test_the_round_row_is_held(tmp_path, body):
    assert rt40a._scan(tmp_path, body)[0] != "accept"


@pytest.mark.parametrize("body", [
    'print("round", model.current_round, "of", model.total_rounds)',
    'lrs = [0.1, 0.05, 0.01]\nfor g in opt.param_groups:\n    g["lr"] = lrs[min(model.current_round, 2)]',
    'print("ages", float(df["age"].iloc[: model.current_round + 100].mean()))',  # a share of the table, not a row
])
def test_the_round_elsewhere_stays_accepted(tmp_path, body):
    decision, rules = rt40a._scan(tmp_path, body)
    assert decision == "accept", rules


# ---- review of session 42: MONAI bundle macros ----------------------------------------------------------------------

def _bundle(tmp_path, files: dict) -> object:
    return kit.scan_files(tmp_path, {name: json.dumps(value, indent=2) for name, value in files.items()})


def test_a_macro_copying_a_whole_file_is_held(tmp_path):
    """`%extra/hooks.json` copies that whole file (config_parser.py split_path_id: a path and no id), whose `$`
    expressions ConfigParser then runs; a file outside `configs/` is never translated. Accepted before: only a
    macro with `::` after the path counted as another file's."""
    report = _bundle(tmp_path, {
        "bundle/configs/train.json": {"net": {"_target_": "UNet", "spatial_dims": 3, "in_channels": 1,
                                              "out_channels": 2, "channels": [4, 8], "strides": [2]},
                                      "hooks": "%bundle/extra/hooks.json"},
        "bundle/extra/hooks.json": {"ping": "$__import__('os').system('rm -rf ~/.cache')"}})
    assert "unvouched.monai-bundle" in kit.rules(report)
    kit.assert_held(report)


def test_a_macro_naming_a_nested_item_of_the_file_is_a_reference(tmp_path):
    """`%net_def::channels` names an item of this file (no config suffix before `::`): escalated before as another
    file's; now judged as what it copies."""
    plain = _bundle(tmp_path / "plain", {"bundle/configs/train.json": {"net_def": {"channels": [4, 8]},
                                                                       "ch": "%net_def::channels"}})
    kit.assert_accepted(plain)
    hook = _bundle(tmp_path / "hook", {"bundle/configs/train.json": {
        "net_def": {"cmd": "$__import__('os').system('id')"}, "x": "%net_def::cmd"}})
    assert "unvouched.monai-bundle" not in kit.rules(hook)
    kit.assert_held(hook, "subprocess.shell")


# ---- review of session 42: object arrays in an .npz ----------------------------------------------------------------

class _Upper:
    """A pickled object whose loading calls a function: str.upper("ran")."""

    def __reduce__(self):
        return (str.upper, ("ran",))


def _npz(members: dict) -> bytes:
    """An .npz (a zip) holding each array np.save writes under the member name given."""
    np = pytest.importorskip("numpy")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, array in members.items():
            one = io.BytesIO()
            np.save(one, array, allow_pickle=True)
            zf.writestr(name, one.getvalue())
    return out.getvalue()


def _object_array():
    np = pytest.importorskip("numpy")
    array = np.empty(1, dtype=object)
    array[0] = _Upper()
    return array


def test_numpy_unpickles_a_member_of_any_name():
    """The premise: NpzFile reads a member with no .npy suffix as an array when its bytes are one."""
    np = pytest.importorskip("numpy")
    loaded = np.load(io.BytesIO(_npz({"x.npy": np.zeros(2), "w": _object_array()})), allow_pickle=True)
    assert loaded["w"][0] == "RAN"


@pytest.mark.parametrize("name", ["w", "w.bin", "w.npy"])
def test_an_object_array_in_an_npz_is_held_whatever_its_name(tmp_path, name):
    np = pytest.importorskip("numpy")
    (tmp_path / "weights.npz").write_bytes(_npz({"x.npy": np.zeros(3), name: _object_array()}))
    (tmp_path / "train.py").write_text("x = 1\n")
    report = kit.scan(tmp_path)
    assert report.decision.value != "accept", kit.findings(report)


def test_an_npz_of_plain_arrays_stays_accepted(tmp_path):
    np = pytest.importorskip("numpy")
    (tmp_path / "weights.npz").write_bytes(_npz({"x.npy": np.zeros(3), "y": np.arange(4), "notes": np.array(["a"])}))
    (tmp_path / "train.py").write_text("x = 1\n")
    kit.assert_accepted(kit.scan(tmp_path))


# ---- review of session 42: per-use and per-detector errors under a limit -------------------------------------------

@pytest.mark.serial  # asserts on wall time
def test_a_detectors_error_survives_a_later_detector_that_runs_past_the_limit(monkeypatch, tmp_path):
    """A detector that raised is an internal error of the file; a later detector that runs into the time limit
    must not take it back (match._stream_placed sent the findings, not the failures, before holes43)."""
    from analyzer.engine import analysis
    from analyzer.engine.detectors import PYTHON_DETECTORS
    from analyzer.engine.rules import load_rules
    from analyzer.policy import load_policy

    (tmp_path / "site.yaml").write_text("limits:\n  max_analysis_seconds: 2\n")
    policy = load_policy(tmp_path / "site.yaml")
    rules = load_rules(policy)

    def broken(ctx):
        raise ValueError("a detector's bug")
        yield  # a generator, as detectors are

    def endless(ctx):
        while True:
            yield from ()

    first, *rest = rules.python_detectors
    monkeypatch.setitem(PYTHON_DETECTORS, first, broken)
    for name in rest:
        monkeypatch.setitem(PYTHON_DETECTORS, name, endless)
    found = analysis.python_findings("train.py", b"import os\nos.system('id')\n", rules, policy, vouch=False)
    assert {"unanalyzable.internal-error", "unanalyzable.time-limit", "subprocess.shell"} <= {f.rule for f in found}
