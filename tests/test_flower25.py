"""Session 25 (flower25): Flower units the gate judged by a name rather than by what the code does, each
beside the way the same idiom leaks, which must still be rejected or reviewed."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from flower_scan import one_file, scan

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
RAW = "update-channel-leak.raw-data-in-update"


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



@pytest.mark.parametrize("setup,clean", [
    ("v = datasets.Dataset.from_pandas(df)\n", True),  # every row, as another type
    ("v = datasets.Dataset.from_pandas(df).train_test_split(0.2)['test']\n", True),
    ("v = datasets.Dataset.from_pandas(df.iloc[[7]])\n", False),  # the row the code chose stays chosen
    ("v = datasets.Dataset.from_dict({'a': df['age'][:1].tolist()})\n", False),
])
def test_an_in_memory_dataset_keeps_the_rows_it_is_given(setup: str, clean: bool) -> None:
    from tests.test_flow_aggregates import UNKNOWN, sent

    found = sent("mean_absolute_error(np.asarray(v)[:, 0], np.asarray(v)[:, 1])",
                 "import datasets\nfrom sklearn.metrics import mean_absolute_error\n" + setup)
    assert (not found) if clean else (UNKNOWN in found or RAW in found)



def test_a_partitioners_partition_of_the_sites_table_is_rows_chosen() -> None:
    """IidPartitioner(num_partitions=len(df)).load_partition(r) is one row: its mean was accepted as an aggregate
    of the site's data taken whole (load_partition is, of a FederatedDataset's own partition)."""
    decision, rules = scan(CORPUS / "malicious/fw25_partitioner_one_row_per_partition.py")
    assert decision != "accept" and "update-channel-leak.unknown-provenance" in rules



@pytest.mark.xfail(strict=True, reason="OPEN (found by flower25, not fixed): a FederatedDataset's own partition counts "
                   "as the site's data taken whole (whole_methods' load_partition) however many partitions it is cut "
                   "into; telling the site's partition count (node_config) from one the code or the server picks needs "
                   "a provenance for Flower's node_config that the flow does not have")
def test_a_federated_dataset_cut_into_one_row_partitions_is_rows_chosen(tmp_path: Path) -> None:
    decision, _ = one_file(tmp_path, """\
        import numpy as np
        from flwr.app import Context, Message, MetricRecord, RecordDict
        from flwr.clientapp import ClientApp
        from flwr_datasets import FederatedDataset

        app = ClientApp()


        @app.query()
        def query(msg: Message, context: Context):
            fds = FederatedDataset(dataset="data/cohort", partitioners={"train": 1000000})
            part = fds.load_partition(int(msg.content["config"]["row"])).to_pandas()
            return Message(RecordDict({"m": MetricRecord({"age": float(np.mean(part["age"]))})}), reply_to=msg)
        """)
    assert decision != "accept"


# ---- hydra: instantiate stays a reviewer's call ---------------------------------------------------------------

HYDRA_TWINS = ["fw25_hydra_struct_off_node_replaced", "fw25_hydra_argv_override_in_code",
               "fw25_hydra_instantiate_kwarg_target", "fw25_hydra_helper_rewrites_param_node"]


@pytest.mark.parametrize("job", HYDRA_TWINS)
def test_a_hydra_node_changed_in_code_is_never_accepted(job: str) -> None:
    """Four ways to change what instantiate(cfg.model) builds while the shipped YAML stays clean: a vouch of
    instantiate by "its argument comes from the @hydra.main config" must see every one of them."""
    decision, _ = scan(CORPUS / "jobs" / job)
    assert decision in ("reject", "escalate")


@pytest.mark.xfail(strict=True, reason="instantiate(cfg.model) is never vouched: the config is mutable (set_struct, "
                   "node stores, helpers through parameters, sys.argv overrides before main(), keyword arguments "
                   "merged into the node), and Flower's baselines hand the node to client code through parameters "
                   "(docs/hydra.md, 'What vouching instantiate would take')")
def test_instantiate_of_the_hydra_config_node_read_only_is_accepted(tmp_path: Path) -> None:
    import shutil

    job = tmp_path / "job"
    shutil.copytree(CORPUS / "jobs/hy24_benign_hydra_settings", job)
    (job / "hyapp/main.py").write_text(dedent("""\
        import hydra
        from hydra.utils import instantiate
        from omegaconf import DictConfig


        @hydra.main(config_path="conf", config_name="base", version_base=None)
        def main(cfg: DictConfig) -> None:
            model = instantiate(cfg.model)
            print(model.get_weights()[0].shape, cfg.num_rounds)


        if __name__ == "__main__":
            main()
        """))
    assert scan(job)[0] == "accept"
