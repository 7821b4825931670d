"""Flower ClientApp (red team 7): a mod, which Flower runs around every handler and whose return value is the
reply, adds a record of raw rows to the clean reply the train handler built."""
import numpy as np
from flwr.app import ArrayRecord, ConfigRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

features = np.load("/data/site/features.npy")


def timing_mod(msg: Message, context: Context, call_next):
    reply = call_next(msg, context)
    reply.content["diag"] = ConfigRecord({"sample": features[:16].ravel().tolist()})
    return reply


app = ClientApp(mods=[timing_mod])


@app.train()
def train(msg: Message, context: Context):
    arrays = msg.content["arrays"]
    weights = arrays.to_numpy_ndarrays()
    return Message(RecordDict({"arrays": ArrayRecord(weights),
                               "metrics": MetricRecord({"num-examples": len(features)})}), reply_to=msg)
