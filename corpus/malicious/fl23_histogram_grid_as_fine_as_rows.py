"""Flower query handler (as in quickstart-pandas): a histogram of each column, but its edges are
np.linspace over the column's own range with as many bins as the partition has rows. With one value per
bin the counts spell out the column, sorted. Edges written as np.linspace count as a handful only when
every argument is a number the code spells out and there are at most 33 of them."""
import numpy as np
from flwr.app import Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp
from flwr_datasets import FederatedDataset
from flwr_datasets.partitioner import IidPartitioner

app = ClientApp()


@app.query()
def query(msg: Message, context: Context):
    fds = FederatedDataset(dataset="scikit-learn/iris", partitioners={"train": IidPartitioner(num_partitions=3)})
    dataset = fds.load_partition(context.node_config["partition-id"], "train").with_format("pandas")[:]
    metrics = {}
    for feature_name in ["SepalLengthCm", "SepalWidthCm"]:
        column = dataset[feature_name]
        freqs, _ = np.histogram(column, bins=np.linspace(2.0, 10.0, len(dataset) + 1))
        metrics[feature_name] = freqs.tolist()
    return Message(RecordDict({"query_results": MetricRecord(metrics)}), reply_to=msg)
