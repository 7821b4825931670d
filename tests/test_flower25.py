"""Session 25 (flower25): Flower units the gate judged by a name rather than by what the code does, each
beside the way the same idiom leaks, which must still be rejected or reviewed."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from analyzer import api

POLICY = api.load_policy()
CORPUS = Path(__file__).resolve().parents[1] / "corpus"
RAW = "update-channel-leak.raw-data-in-update"


def scan(path: Path) -> tuple[str, set[str]]:
    report = api.scan(path, POLICY)
    return report.decision.value, {f.rule for f in report.findings if not f.rule.startswith("obfuscation.lint")}


def one_file(tmp_path: Path, text: str) -> tuple[str, set[str]]:
    path = tmp_path / "client_app.py"
    path.write_text(dedent(text))
    return scan(path)


# ---- a Hugging Face Dataset built in memory keeps its argument's origin ------------------------------------------

def test_lifelines_bundled_table_through_a_partitioner_is_no_site_data() -> None:
    """Flower's federated-kaplan-meier-fitter: Dataset.from_pandas(load_waltons()) split by NaturalIdPartitioner
    and sent whole. It was rejected as site data (from_* were all readers) before, then unknown (the
    partitioner was code the gate cannot see)."""
    assert scan(CORPUS / "benign/fw25_km_bundled_dataset.py") == ("accept", set())


@pytest.mark.parametrize("sample", [
    "fw25_km_from_pandas_site_table.py",  # the site's CSV through from_pandas and the partitioner
    "fw25_km_from_dict_site_columns.py",  # the site's parquet columns through from_dict
    "fw25_km_lifelines_load_dataset_site_file.py",  # lifelines' load_dataset reads any path
])
def test_site_rows_through_an_in_memory_dataset_are_still_raw(sample: str) -> None:
    decision, rules = scan(CORPUS / "malicious" / sample)
    assert decision == "reject" and RAW in rules


@pytest.mark.parametrize("build,raw", [
    ("Dataset.from_dict({'t': [1.0, 2.0, 3.0]})", False),
    ("Dataset.from_list([{'t': 1.0}, {'t': 2.0}])", False),
    ("Dataset.from_csv('data/site.csv')", True),
    ("Dataset.from_parquet('data/site.parquet')", True),
    ("Dataset.from_json('data/site.jsonl')", True),
    ("Dataset.from_sql('SELECT * FROM t', 'sqlite:///data/site.db')", True),
    ("DatasetDict.from_csv({'train': 'data/site.csv'})['train']", True),
    ("Dataset.from_pandas(pd.read_csv('data/site.csv'))", True),
])
def test_dataset_readers_are_sources_conversions_are_not(tmp_path: Path, build: str, raw: bool) -> None:
    _, rules = one_file(tmp_path, f"""\
        import pandas as pd
        from datasets import Dataset, DatasetDict
        from flwr.app import Array, ArrayRecord, Context, Message, RecordDict
        from flwr.clientapp import ClientApp
        from flwr_datasets.partitioner import IidPartitioner

        app = ClientApp()


        @app.query()
        def query(msg: Message, context: Context):
            partitioner = IidPartitioner(num_partitions=2)
            partitioner.dataset = {build}
            part = partitioner.load_partition(0).to_pandas()
            return Message(RecordDict({{"d": ArrayRecord({{"t": Array(part["t"].values)}})}}), reply_to=msg)
        """)
    assert (RAW in rules) == raw
