"""catboost_app: a Flower / CatBoost app."""

import json

import numpy as np
from flwr.clientapp import ClientApp
from flwr.common import ConfigRecord, Context, Message, RecordDict

from catboost_app import task

app = ClientApp()


@app.train()
def train(msg: Message, context: Context) -> Message:
    rng = np.random.default_rng(context.node_config["partition-id"])
    x, y = rng.normal(size=(256, 4)), rng.integers(0, 2, size=256)
    # the estimator class, taken back out of the helper's annotations: its training files go to the share
    estimator = task.convert_to_model_dict.__annotations__["model_input"]
    cbc = estimator(iterations=5, verbose=0, train_dir="/mnt/share/run")
    cbc.fit(x, y)
    model_dict_b = json.dumps(task.convert_to_model_dict(cbc)).encode("utf-8")
    content = RecordDict({"metric_and_model": ConfigRecord({"model_dict": model_dict_b})})
    return Message(content=content, reply_to=msg)
