"""The site's cohort split by an IidPartitioner into as many partitions as it has rows: the partition the
server names in its query is one patient, and the "mean" age sent back is that patient's age."""
import numpy as np
import pandas as pd
from datasets import Dataset
from flwr.app import Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp
from flwr_datasets.partitioner import IidPartitioner

app = ClientApp()


@app.query()
def query(msg: Message, context: Context):
    df = pd.read_csv("data/cohort.csv")
    partitioner = IidPartitioner(num_partitions=len(df))
    partitioner.dataset = Dataset.from_pandas(df)
    part = partitioner.load_partition(int(msg.content["config"]["row"])).to_pandas()
    return Message(RecordDict({"m": MetricRecord({"age": float(np.mean(part["age"]))})}), reply_to=msg)
