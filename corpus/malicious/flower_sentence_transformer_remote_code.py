"""Flower ClientApp (federated RAG): the embedding model is fetched from the hub with trust_remote_code,
so the model repository's own Python runs at the site, unpinned."""
import numpy as np
from flwr.app import ConfigRecord, Context, Message, RecordDict
from flwr.clientapp import ClientApp
from sentence_transformers import SentenceTransformer

app = ClientApp()


@app.query()
def query(msg: Message, context: Context) -> Message:
    model = SentenceTransformer("nomic-ai/nomic-embed-text-v1.5", trust_remote_code=True)
    q = model.encode([str(msg.content["config"]["question"])], convert_to_numpy=True)
    return Message(RecordDict({"r": ConfigRecord({"norm": float(np.linalg.norm(q))})}), reply_to=msg)
