"""Twin of Flower's federated-kaplan-meier-fitter: the table handed to Dataset.from_pandas is the site's
own CSV, not lifelines' bundled one; every row's time and event goes to the server through the
partitioner."""
import pandas as pd
from datasets import Dataset
from flwr.app import Array, ArrayRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp
from flwr_datasets.partitioner import NaturalIdPartitioner

app = ClientApp()
X = pd.read_csv("data/survival.csv")


def load_partition(partition_id: int):
    partitioner = NaturalIdPartitioner(partition_by="group")
    partitioner.dataset = Dataset.from_pandas(X)
    partition = partitioner.load_partition(partition_id).to_pandas()
    return partition["T"].values, partition["E"].values


@app.query()
def query(msg: Message, context: Context):
    times, events = load_partition(context.node_config["partition-id"])
    content = RecordDict({"survival-data": ArrayRecord({"T": Array(times), "E": Array(events)}),
                          "metrics": MetricRecord({"num-examples": len(times)})})
    return Message(content=content, reply_to=msg)
