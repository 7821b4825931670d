"""Flower ClientApp: a least-squares step on the server's weights; the run name goes to the log and the
weights' norms to a figure in the run folder."""

import logging

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from flwr.app import ArrayRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp
from flwr.common.config import unflatten_dict
from omegaconf import DictConfig

app = ClientApp()
log = logging.getLogger(__name__)


@app.train()
def train(msg: Message, context: Context):
    cfg = DictConfig(unflatten_dict(context.run_config))
    log.info("run %s", cfg.train.run_name if "run_name" in cfg.train else cfg.train["run-name"])
    w = msg.content["arrays"].to_numpy_ndarrays()
    w = [a * 0.9 for a in w]
    plt.figure()
    plt.bar(range(len(w)), [float(np.linalg.norm(a)) for a in w])
    plt.title("layer norms")
    plt.savefig("layer_norms.png")
    plt.close()
    content = RecordDict({"arrays": ArrayRecord(w), "metrics": MetricRecord({"num-examples": 1})})
    return Message(content=content, reply_to=msg)
