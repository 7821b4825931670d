"""Red team 52a: the update channel. A callable or a reference that holds the round's list (a closure a job function
returns, a bound method, functools.partial, a field holding a callable, a setter, a default argument, an object a
call hands back or an expression chooses), item makers the gate did not evaluate (torchvision's loader= and
is_valid_file=, MONAI's ArrayDataset/ImageDataset transforms, datasets' set_transform), and a callee the site's data
chooses (whether the optimizer steps). Each road with a patient row is held; the same road with the loss is accepted.
docs/redteam52a-attempts.md has every attempt."""

import textwrap

import pytest

import redteam_kit as kit

CLIENT = kit.ClientJob(imports="import functools\nimport pandas as pd\nimport torch\nimport nvflare.client as flare\n")
ROW, LOSS = "df.iloc[0].tolist()", "float(net.weight.sum())"
SENT = ", metrics={'stats': stats}"

KEEPER = """
def make_keeper(store):
    def keep(v):
        store.append(v)
    return keep
"""
REC = """
class Rec:
    def __init__(self, sink):
        self.sink = sink

    def add(self, v):
        self.sink.append(v)
"""
HOLDER = """
class Holder:
    def set(self, s):
        self.s = s

    def add(self, v):
        self.s.append(v)
"""
BOX = """
class Box:
    pass
"""

# (name, what the module defines first, the round's lines with {v})
ROADS = [
    ("closure_factory", KEEPER, "keep = make_keeper(stats)\nkeep({v})"),
    ("closure_factory_in_dict", KEEPER, "ops = {{'keep': make_keeper(stats)}}\nops['keep']({v})"),
    ("lambda_default", "", "add = lambda v, s=stats: s.append(v)\nadd({v})"),
    ("def_default", "", "def keep(v, s=stats):\n    s.append(v)\nkeep({v})"),
    ("partial_of_bound_append", "", "keep = functools.partial(stats.append)\nkeep({v})"),
    ("bound_method_value", REC, "add = Rec(stats).add\nadd({v})"),
    ("getattr_holder", REC, "r = Rec(stats)\ngetattr(r, 'si' + 'nk').append({v})"),
    ("setter_method", HOLDER, "h = Holder()\nh.set(stats)\nh.add({v})"),
    ("callable_field", BOX, "b = Box()\nb.keep = stats.append\nb.keep({v})"),
    ("next_iter", "", "next(iter([stats])).append({v})"),
    ("copy_of_box", "import copy\n", "copy.copy([stats])[0].append({v})"),
    ("enumerate_target", "", "for i, s in enumerate([stats]):\n    s.append({v})"),
    ("setdefault_default", "", "reg = {{}}\nreg.setdefault('s', stats).append({v})"),
    ("or_receiver", "", "(None or stats).append({v})"),
    ("element_written_later", "", "d = {{}}\nstats.append(d)\nd.update(row={v})"),
]


@pytest.mark.parametrize("name,head,body", ROADS, ids=[r[0] for r in ROADS])
def test_row_through_a_holder_is_held(tmp_path, name, head, body):
    decision, rules = CLIENT.verdict(tmp_path, "stats = []\n" + body.format(v=ROW), SENT, head)
    assert decision != "accept", rules
    assert any(r.startswith("update-channel-leak.") for r in rules), rules


@pytest.mark.parametrize("name,head,body", ROADS, ids=[r[0] for r in ROADS])
def test_a_number_of_the_model_through_the_same_holder_is_accepted(tmp_path, name, head, body):
    decision, rules = CLIENT.verdict(tmp_path, "stats = []\n" + body.format(v=LOSS), SENT, head)
    assert decision == "accept", rules


def test_list_appended_to_is_not_written_into_its_elements(tmp_path):
    """`history.append(rec)` makes a write into rec one into history, not the other way: a row appended to history
    later is not in rec, which alone is sent."""
    body = "rec = {}\nstats = []\nstats.append(rec)\nstats.append(" + ROW + ")\nrec['w'] = " + LOSS
    decision, rules = CLIENT.verdict(tmp_path, body, ", metrics=rec")
    assert decision == "accept", rules


def test_keeper_of_another_module_is_reviewed(tmp_path):
    custom = {
        "helpers.py": KEEPER,
        "client.py": CLIENT.source("stats = []\nkeep = helpers.make_keeper(stats)\nkeep(" + ROW + ")", SENT,
                                   "import helpers\n"),
    }
    report = kit.scan(kit.client_api_job(tmp_path / "job", custom, "--epochs 1"))
    kit.assert_held(report, "update-channel-leak.")


IMAGES = """import glob
import numpy as np
import pandas as pd
import torch
import torchvision
import monai
import datasets
import nvflare.client as flare

site = pd.read_csv("/data/site/patients.csv")


def main():
    flare.init()
{setup}
    loader = torch.utils.data.DataLoader(ds, batch_size=4)
    while flare.is_running():
        model = flare.receive()
        total = 0.0
        for batch in loader:
            total += float({item}.sum())
        flare.send(flare.FLModel(params=model.params, metrics={{"score": total / len(ds)}}))


main()
"""

# (name, the dataset built with {f}: the job's code, the item summed), each with a row and with an honest maker
MAKERS = [
    ("imagefolder_loader", 'ds = torchvision.datasets.ImageFolder("/data/site/images", loader={f}, '
                           'transform=torchvision.transforms.ToTensor())', "batch[0]"),
    ("arraydataset_img_transform", 'ds = monai.data.ArrayDataset(img=sorted(glob.glob("/data/site/*.nii.gz")), '
                                   'img_transform={f})', "batch"),
    ("imagedataset_label_transform", 'ds = monai.data.ImageDataset(image_files=sorted(glob.glob("/data/site/*.nii.gz")),'
                                     ' labels=[0, 1], label_transform={f})', "batch[1]"),
    ("hf_set_transform", 'ds = datasets.load_dataset("csv", data_files="/data/site/patients.csv")["train"]\n'
                         'ds.set_transform({f})', 'batch["a"]'),
]
HONEST = {
    "imagefolder_loader": "torchvision.datasets.folder.default_loader",
    "arraydataset_img_transform": "monai.transforms.Compose([monai.transforms.LoadImage(image_only=True), "
                                  "monai.transforms.ScaleIntensity()])",
    "imagedataset_label_transform": "lambda y: torch.as_tensor(y, dtype=torch.long)",
    "hf_set_transform": 'lambda ex: {"a": torch.tensor(ex["a"]) * 0.5}',
}
PICKS = {"hf_set_transform": 'lambda ex: {"a": torch.tensor(site.values[0])}'}


def _maker_source(setup: str, item: str, f: str) -> str:
    return IMAGES.format(setup=textwrap.indent(setup.format(f=f), "    "), item=item)


@pytest.mark.parametrize("name,setup,item", MAKERS, ids=[m[0] for m in MAKERS])
def test_item_maker_picking_a_row_is_held(name, setup, item):
    pick = PICKS.get(name, "lambda v: torch.tensor(site.values[0])")
    kit.assert_held(kit.scan_text(_maker_source(setup, item, pick)), "update-channel-leak.")


@pytest.mark.parametrize("name,setup,item", MAKERS, ids=[m[0] for m in MAKERS])
def test_honest_item_maker_is_accepted(name, setup, item):
    kit.assert_accepted(kit.scan_text(_maker_source(setup, item, HONEST[name])))


def test_files_chosen_by_the_jobs_code_are_rows_chosen():
    """`is_valid_file=lambda p: "P1042" in p` keeps one patient's images: a statistic of rows the job chose. Any job
    code there is judged so (an extension test too: the cost, docs/redteam52a-attempts.md); none is the whole folder."""
    setup = ('ds = torchvision.datasets.ImageFolder("/data/site/images", transform=torchvision.transforms.ToTensor()'
             '{f})')
    kit.assert_held(kit.scan_text(_maker_source(setup, "batch[0]", ', is_valid_file=lambda p: "P1042" in p')),
                    "update-channel-leak.unknown-provenance")
    kit.assert_accepted(kit.scan_text(_maker_source(setup, "batch[0]", "")))


# The round of red team 51a's membership sample: whether patient 1042 is at the site chooses what runs after backward.
STEPS = [
    ("ifexp", "(opt.step if {bit} else opt.zero_grad)()"),
    ("dict_dispatch", "{{True: opt.step, False: opt.zero_grad}}[{bit}]()"),
    ("queued", "todo = []\nif {bit}:\n    todo.append(opt.step)\nfor f in todo:\n    f()"),
]
TRAINER = """import pandas as pd
import torch
import torch.nn.functional as F
import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
net = torch.nn.Linear(4, 2)
opt = torch.optim.SGD(net.parameters(), lr=0.01)
x = torch.tensor(df[["a", "b", "c", "d"]].values, dtype=torch.float32)
y = torch.tensor(df["label"].values)
ids = df["patient_id"].values
flare.init()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt.zero_grad()
    F.cross_entropy(net(x), y).backward()
{step}
    flare.send(flare.FLModel(params=net.state_dict()))
"""


@pytest.mark.parametrize("name,step", STEPS, ids=[s[0] for s in STEPS])
def test_step_chosen_by_the_sites_data_is_held(name, step):
    source = TRAINER.format(step=textwrap.indent(step.format(bit="1042 in set(ids)"), "    "))
    kit.assert_held(kit.scan_text(source), "update-channel-leak.")


@pytest.mark.parametrize("name,step", STEPS, ids=[s[0] for s in STEPS])
def test_step_chosen_by_a_constant_is_accepted(name, step):
    kit.assert_accepted(kit.scan_text(TRAINER.format(step=textwrap.indent(step.format(bit="True"), "    "))))


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/redteam52a_*", "jobs/redteam52a_*"))
def test_attempt_is_held(sample):
    kit.assert_held(kit.scan_sample(sample))


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_redteam52a_*", "jobs/near_redteam52a_*"))
def test_near_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))
