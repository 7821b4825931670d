"""Red team 51b: site rows written through another reference to the object sent (a job class built with the list,
a closure, a dict or an assignment expression holding it) reach the update; the honest twins stay accepted."""

import textwrap

import pytest

import redteam_kit as kit
from analyzer.model import Decision

CLIENT = kit.ClientJob(imports="import pandas as pd\nimport torch\nimport nvflare.client as flare\n")

# The loop in a function, so that a closure's free name is a variable of the function, not of the module
TRAINER = """import pandas as pd
import torch
import nvflare.client as flare
{head}

def main():
    flare.init()
    df = pd.read_csv("/data/site/patients.csv")
    net = torch.nn.Linear(4, 2)
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
{body}
        flare.send(flare.FLModel(params=net.state_dict(), metrics={{"s": stats}}))
"""


def verdict(head: str, body: str) -> tuple[str, set[str]]:
    report = kit.scan_text(TRAINER.format(head=head, body=textwrap.indent(body, " " * 8)))
    return report.decision.value, kit.rules(report)
ROW = "df.iloc[0].tolist()"
LOSS = "float(net(torch.zeros(1, 4)).sum())"

RECORDER = """
class Recorder:
    def __init__(self, sink):
        self.sink = sink

    def add(self, item):
        self.sink.append(item)


class Trainer:
    def __init__(self, hist):
        self.hist = hist

    def fit(self, frame):
        self.frame = frame
        self.hist.append(0.5)
"""

# (name, head, body with {v}): the value {v} lands in `stats`, which is sent as a metric
ROADS = [
    ("recorder", RECORDER, "stats = []\nr = Recorder(stats)\nr.add({v})"),
    ("recorder_built_in_call", RECORDER, "stats = []\nRecorder(stats).add({v})"),
    ("closure", "", "stats = []\ndef keep(v):\n    stats.append(v)\nkeep({v})"),
    ("closure_dict", "", "stats = {{}}\ndef keep(k, v):\n    stats[k] = v\nkeep('a', {v})"),
    ("closure_reads_it_itself", "", "stats = []\ndef keep():\n    stats.append({v})\nkeep()"),
    ("lambda", "", "stats = []\nkeep = lambda v: stats.append(v)\nkeep({v})"),
    ("attribute_holder", "class Box:\n    pass\n", "stats = {{}}\nb = Box()\nb.d = stats\nb.d['k'] = {v}"),
    ("list_box", "", "stats = []\nbox = [stats]\nbox[0].append({v})"),
    ("dict_box", "", "stats = []\nbox = {{'s': stats}}\nbox['s'].append({v})"),
    ("for_over_display", "", "stats = []\nfor s in [stats]:\n    s.append({v})"),
    ("walrus", "", "stats = []\n(s := stats).append({v})"),
    ("dataclass_field", "import dataclasses\n@dataclasses.dataclass\nclass R:\n    sink: list\n",
     "stats = []\nr = R(sink=stats)\nr.sink.append({v})"),
]


@pytest.mark.parametrize("name,head,body", ROADS, ids=[r[0] for r in ROADS])
def test_row_through_another_reference_rejects(name, head, body):
    decision, rules = verdict(head, body.format(v=ROW))
    assert decision == "reject" and "update-channel-leak.raw-data-in-update" in rules, rules


@pytest.mark.parametrize("name,head,body", ROADS, ids=[r[0] for r in ROADS])
def test_loss_through_another_reference_stays_accepted(name, head, body):
    decision, rules = verdict(head, body.format(v=LOSS))
    assert decision == "accept", rules


def test_trainer_keeping_the_table_in_another_field_stays_accepted(tmp_path):
    """Trainer(hist).fit(df) stores the table in self.frame, not in the field that holds hist."""
    decision, rules = CLIENT.verdict(tmp_path, "hist = []\nt = Trainer(hist)\nt.fit(df)", ", metrics={'h': hist}",
                                     RECORDER)
    assert decision == "accept", rules


def test_class_of_another_module_is_reviewed(tmp_path):
    """Its __init__ is not followed from here: any object it was built with may hold what a method stores."""
    helpers = RECORDER
    client = CLIENT.source("stats = []\nr = helpers.Recorder(stats)\nr.add(%s)" % ROW, ", metrics={'s': stats}",
                           "import helpers\n")
    report = kit.scan(kit.client_api_job(tmp_path / "job", {"client.py": client, "helpers.py": helpers}, ""))
    kit.assert_held(report, "update-channel-leak.unknown-provenance", Decision.ESCALATE)


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/redteam51b_*", "jobs/redteam51b_*"))
def test_samples_are_held(sample):
    kit.assert_held(kit.scan_sample(sample), "update-channel-leak.")


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_redteam51b_*", "jobs/near_redteam51b_*"))
def test_twins_stay_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))
