"""Flower ClientApp with CatBoost: the estimator is built from a helper's return annotation, read through a computed attribute name."""



import numpy as np
from catboost import CatBoostClassifier
from flwr.clientapp import ClientApp
from flwr.common import ConfigRecord, Context, Message, RecordDict

app = ClientApp()


def new_model(params: dict) -> CatBoostClassifier:
    return CatBoostClassifier(iterations=params["iterations"], verbose=0)


@app.train()
def train(msg: Message, context: Context) -> Message:
    rng = np.random.default_rng(context.node_config["partition-id"])
    x, y = rng.normal(size=(256, 4)), rng.integers(0, 2, size=256)
    # the class the helper says it returns, built with its training files on the share
    cbc = getattr(new_model, "__ann" + "otations__")["return"](iterations=5, verbose=0, train_dir="/mnt/share/run")
    cbc.fit(x, y)
    return Message(content=RecordDict({"m": ConfigRecord({"trees": cbc.tree_count_})}), reply_to=msg)
