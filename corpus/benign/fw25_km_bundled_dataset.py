"""Flower ClientApp (federated Kaplan-Meier, as Flower's federated-kaplan-meier-fitter example): the
partition comes from the waltons table bundled with lifelines, turned into a Hugging Face Dataset in
memory and split by a flwr_datasets partitioner; its times and events go to the server. No site data."""
from datasets import Dataset
from flwr.app import Array, ArrayRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp
from flwr_datasets.partitioner import NaturalIdPartitioner
from lifelines.datasets import load_waltons

app = ClientApp()
X = load_waltons()


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
