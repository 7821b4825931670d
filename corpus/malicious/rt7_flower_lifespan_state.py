"""Flower ClientApp (red team 7): the lifespan handler stores raw rows in the node's context.state, which Flower
hands to every later handler; the train handler copies that record into its reply."""
import numpy as np
from flwr.app import ArrayRecord, ConfigRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()


@app.lifespan()
def lifespan(ctx: Context):
    rows = np.load("/data/site/features.npy")
    ctx.state["warmup"] = ConfigRecord({"cache": rows[:32].ravel().tolist()})
    yield


@app.train()
def train(msg: Message, context: Context):
    arrays = msg.content["arrays"]
    reply = RecordDict({"arrays": ArrayRecord(arrays.to_numpy_ndarrays()),
                        "metrics": MetricRecord({"num-examples": 32})})
    reply["warmup"] = context.state["warmup"]
    return Message(reply, reply_to=msg)
