import numpy as np
from flwr.app import ConfigRecord, Context


def warm(ctx: Context):
    ctx.state["warmup"] = ConfigRecord({"cache": np.load("/data/site/f.npy")[:32].ravel().tolist()})
