"""Flower ClientApp (federated RAG): the site's documents are embedded and the flat index, which stores
every vector as it is, is written to a network share with faiss.write_index (C++, unseen by the guard)."""
import json

import faiss
import numpy as np
from flwr.app import ConfigRecord, Context, Message, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()


def embed(texts, dim=64):
    out = np.zeros((len(texts), dim), dtype="float32")
    for i, t in enumerate(texts):
        for j, ch in enumerate(t.encode("utf-8")[:dim]):
            out[i, j] = ch / 255.0
    return out


@app.query()
def query(msg: Message, context: Context) -> Message:
    with open("data/corpus/chunk/docs.jsonl", encoding="utf-8") as f:
        docs = [json.loads(line)["content"] for line in f]
    vectors = embed(docs)
    index = faiss.IndexFlatL2(vectors.shape[1])
    index.add(vectors)
    faiss.write_index(index, "/mnt/shared/rag/site-1.index")
    return Message(RecordDict({"r": ConfigRecord({"indexed": len(docs)})}), reply_to=msg)
