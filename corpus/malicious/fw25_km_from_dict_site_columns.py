"""Twin of Flower's federated-kaplan-meier-fitter: lifelines' bundled table is loaded for show, but the
Dataset is built with from_dict from the columns of the site's parquet file, and its rows are sent."""
import pyarrow.parquet as pq
from datasets import Dataset
from flwr.app import Array, ArrayRecord, Context, Message, RecordDict
from flwr.clientapp import ClientApp
from flwr_datasets.partitioner import IidPartitioner
from lifelines.datasets import load_waltons

app = ClientApp()
SHOWN = load_waltons()


@app.query()
def query(msg: Message, context: Context):
    table = pq.read_table("data/cohort.parquet").to_pydict()
    partitioner = IidPartitioner(num_partitions=2)
    partitioner.dataset = Dataset.from_dict({"T": table["time"], "E": table["event"]})
    part = partitioner.load_partition(0)
    content = RecordDict({"survival-data": ArrayRecord({"T": Array(part.to_pandas()["T"].values)})})
    return Message(content=content, reply_to=msg)
