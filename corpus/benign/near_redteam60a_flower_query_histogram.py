"""Red team 60a's twin: Flower's quickstart-pandas query (a ClientApp answering a histogram of each column over
np.linspace(2.0, 10.0, 10), evenly spaced, and the column's mean times the row count) in a MetricRecord."""
import numpy as np
import pandas as pd
from flwr.app import Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()


@app.query()
def query(msg: Message, context: Context):
    dataset = pd.read_csv("/data/site/iris.csv")[["SepalLengthCm", "SepalWidthCm"]]
    metrics = {}
    for feature_name in dataset.columns:
        freqs, _ = np.histogram(dataset[feature_name], bins=np.linspace(2.0, 10.0, 10))
        metrics[feature_name] = freqs.tolist()
        metrics[f"{feature_name}_avg"] = dataset[feature_name].mean() * len(dataset)
        metrics[f"{feature_name}_count"] = len(dataset)
    return Message(RecordDict({"query_results": MetricRecord(metrics)}), reply_to=msg)
