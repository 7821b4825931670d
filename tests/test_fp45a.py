"""Session 45 (fp45a), two holes found while minimising NVFlare units that escalate on a statistic (all accepted on
main). A batched `Dataset.map` keeps every row only when its function encodes the batch's own columns: any function
every `return` of which was a Transformers call passed (roles.tokenizes), whatever the call was given, so
`tok([b["text"][7]] * len(b["text"]))` made the validation loss one row's. And a sum over every batch of a loader
of rows the code chose (`DataLoader(ds.filter(lambda r: r["id"] == 1042))`) was taken for an aggregate."""

from __future__ import annotations

from pathlib import Path

import pytest
from flower_scan import scan

from tests.test_flow import rules_of

UNKNOWN = "update-channel-leak.unknown-provenance"

JOB = """\
    import torch
    import nvflare.client as flare
    from datasets import load_from_disk
    from torch.utils.data import DataLoader
    from transformers import AutoModelForCausalLM, AutoTokenizer
    MAX_LEN = 128
    tok = AutoTokenizer.from_pretrained("/models/qwen")
    {ENCODE}
    def build():
        ds = load_from_disk("/data/site/notes")
        ds = ds.map({FN}, batched=True, remove_columns=["text"]{EXTRA})
        ds.set_format("torch")
        return DataLoader(ds, batch_size=8)
    def evaluate_loss(net, loader):
        losses = []
        with torch.no_grad():
            for batch in loader:
                losses.append(net(input_ids=batch["input_ids"], labels=batch["input_ids"]).loss.item())
        return sum(losses) / len(losses)
    def main():
        flare.init()
        net = AutoModelForCausalLM.from_pretrained("/models/qwen")
        loader = build()
        while flare.is_running():
            net.load_state_dict(flare.receive().params)
            flare.send(flare.FLModel(params=net.state_dict(), metrics={"val_loss": evaluate_loss(net, loader)}))
    main()
"""


def job(encode: str, fn: str = "encode", extra: str = "") -> set[str]:
    body = encode.replace("\n", "\n    ")
    return rules_of(JOB.replace("{ENCODE}", body).replace("{FN}", fn).replace("{EXTRA}", extra))


@pytest.mark.parametrize("encode,fn", [
    ('def encode(b):\n    return tok(b["text"], truncation=True, max_length=128, padding="max_length")', "encode"),
    ('def encode(b):\n    return tok(b["text"], max_length=MAX_LEN, truncation=True)', "encode"),
    ('', 'lambda b: tok(b["question"], b["context"], truncation=True, max_length=128)'),
])
def test_a_batched_map_that_tokenizes_the_batch_columns_keeps_every_row(encode: str, fn: str) -> None:
    assert not job(encode, fn)


ROW = 'load_from_disk("/data/site/notes")[7]["text"]'


@pytest.mark.parametrize("encode,extra", [
    # one row of the batch, encoded for every row (accepted on main)
    ('def encode(b):\n    return tok([b["text"][7]] * len(b["text"]), truncation=True)', ""),
    ('def encode(b):\n    return tok(b["text"][:1], truncation=True)', ""),
    # the batch changed before it is encoded (accepted on main)
    ('def encode(b):\n    b["text"] = [b["text"][7]] * len(b["text"])\n    return tok(b["text"])', ""),
    ('def encode(b):\n    rows = b\n    rows["text"][:] = [rows["text"][0]] * len(rows["text"])\n    return tok(b["text"])', ""),
    # a row or a cell handed in beside the batch: fn_kwargs, through a parameter the resolver folds to its default
    ('def encode(b, pair=None):\n    return tok(b["text"], text_pair=pair)', ', fn_kwargs={"pair": ' + ROW + '}'),
    ('def encode(b, n=128):\n    return tok(b["text"], max_length=n + 0, truncation=True)',
     ', fn_kwargs={"n": len(' + ROW + ')}'),
    ('OPTIONS = {"text_pair": ' + ROW + '}\ndef encode(b):\n    return tok(b["text"], **OPTIONS)', ""),
])
def test_a_batched_map_that_picks_or_injects_rows_is_a_statistic(encode: str, extra: str) -> None:
    assert UNKNOWN in job(encode, extra=extra)


def test_the_same_row_picked_without_a_tokenizer_stays_held() -> None:
    assert UNKNOWN in job('def encode(b):\n    return {"input_ids": b["input_ids"][:1]}')


LOADER_SUM = """\
    import argparse
    import torch
    import nvflare.client as flare
    from datasets import load_from_disk
    from torch.utils.data import DataLoader, Subset
    def main():
        parser = argparse.ArgumentParser()
        parser.add_argument("--row", type=int, default=7)
        args = parser.parse_args()
        dataset = load_from_disk("/data/site/notes")
        dataset.set_format("torch")
        loader = DataLoader({ROWS}, batch_size=4)
        {SUM}
        flare.send(flare.FLModel(params={}, metrics={"age": total}))
    main()
"""
ADDED = "total = 0.0\n        for batch in loader:\n            total += batch['age'].float().mean().item()"
APPENDED = "means = []\n        for batch in loader:\n            means.append(batch['age'].float().mean().item())\n" \
    "        total = sum(means) / len(means)"
LISTED = "total = sum([batch['age'].float().mean().item() for batch in loader])"
GENERATED = "total = sum(batch['age'].float().sum().item() for batch in loader)"
FIRST = "total = next(iter(loader))['age'].float().mean().item()"  # a batch of the whole data: the batch-size limit


@pytest.mark.parametrize("summed", [ADDED, APPENDED, LISTED, GENERATED, FIRST])
@pytest.mark.parametrize("rows", [
    "dataset.select([7])",  # HF positions: not read as named rows (torch's select(dim, index) is)
    "Subset(dataset, [args.row])",  # positions the command line gives
    'dataset.filter(lambda r: r["id"] == 1042)',  # one patient by a test on a field
])
def test_a_sum_over_every_batch_of_a_loader_of_rows_chosen_is_a_statistic(rows: str, summed: str) -> None:
    # accepted on main: a loader of rows the code chose hands out batches (to train on), and a sum over all of
    # them was taken for an aggregate of the site's data
    assert UNKNOWN in rules_of(LOADER_SUM.replace("{ROWS}", rows).replace("{SUM}", summed))


@pytest.mark.parametrize("summed", [ADDED, APPENDED, LISTED, GENERATED, FIRST])
@pytest.mark.parametrize("rows", ["dataset", "dataset.shuffle(seed=1)"])
def test_a_sum_over_every_batch_of_a_loader_of_the_whole_data_stays_an_aggregate(rows: str, summed: str) -> None:
    assert not rules_of(LOADER_SUM.replace("{ROWS}", rows).replace("{SUM}", summed))


def test_training_on_a_loader_of_rows_chosen_stays_training() -> None:
    text = LOADER_SUM.replace("{ROWS}", 'dataset.filter(lambda r: r["split"] == "train")').replace("{SUM}", """\
net = torch.nn.Linear(4, 1)
        opt = torch.optim.SGD(net.parameters(), lr=0.1)
        for batch in loader:
            opt.zero_grad()
            torch.nn.functional.mse_loss(net(batch["x"]), batch["y"]).backward()
            opt.step()
        total = 0""").replace("params={}", "params=net.state_dict()")
    assert not rules_of(text)


@pytest.mark.parametrize("rows,decision", [('dataset.filter(lambda r: r["id"] == 1042)', "escalate"),
                                           ("dataset", "accept")])
def test_a_loader_of_rows_chosen_in_another_module_is_held_too(tmp_path: Path, rows: str, decision: str) -> None:
    (tmp_path / "data.py").write_text(
        "from datasets import load_from_disk\nfrom torch.utils.data import DataLoader\n\n\ndef patient_loader():\n"
        "    dataset = load_from_disk('/data/site/notes')\n    dataset.set_format('torch')\n"
        f"    return DataLoader({rows}, batch_size=4)\n")
    (tmp_path / "client.py").write_text(
        "import nvflare.client as flare\nfrom data import patient_loader\n\n\ndef main():\n"
        "    loader = patient_loader()\n    total = 0.0\n    for batch in loader:\n"
        "        total += batch['age'].float().mean().item()\n"
        "    flare.send(flare.FLModel(params={}, metrics={'age': total}))\n\n\nmain()\n")
    assert scan(tmp_path)[0] == decision
