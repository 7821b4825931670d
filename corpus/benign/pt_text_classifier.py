"""Clinical-note topic classifier (bag of embeddings) trained with the Client API.

The vocabulary is built once per site from the local training split and saved next to
the checkpoints; only model weights and aggregate metrics go back to the server.
"""

import collections
import json
import os
import re

import pandas as pd
import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset

import nvflare.client as flare

TOKEN_RE = re.compile(r"[a-z]{2,}")
VOCAB_SIZE = 20000


def tokenize(text):
    return TOKEN_RE.findall(text.lower())


class NotesDataset(Dataset):
    def __init__(self, df, vocab, max_len=256):
        self.texts = df["text"].tolist()
        self.labels = df["label"].astype(int).tolist()
        self.vocab = vocab
        self.max_len = max_len

    def __len__(self):
        return len(self.texts)

    def __getitem__(self, i):
        ids = [self.vocab.get(t, 1) for t in tokenize(self.texts[i])][: self.max_len]
        return torch.tensor(ids or [1]), self.labels[i]


def collate(batch):
    ids, labels = zip(*batch)
    offsets = torch.tensor([0] + [len(x) for x in ids[:-1]]).cumsum(0)
    return torch.cat(ids), offsets, torch.tensor(labels)


class BagClassifier(nn.Module):
    def __init__(self, n_classes):
        super().__init__()
        self.emb = nn.EmbeddingBag(VOCAB_SIZE, 64, mode="mean")
        self.fc = nn.Linear(64, n_classes)

    def forward(self, ids, offsets):
        return self.fc(self.emb(ids, offsets))


def local_vocab(texts, path):
    if os.path.exists(path):
        with open(path) as f:
            return json.load(f)
    counts = collections.Counter(t for text in texts for t in tokenize(text))
    vocab = {w: i + 2 for i, (w, _) in enumerate(counts.most_common(VOCAB_SIZE - 2))}
    with open(path, "w") as f:
        json.dump(vocab, f)
    return vocab


def main():
    data_root = os.environ.get("DATA_ROOT", "/data")
    train_df = pd.read_csv(os.path.join(data_root, "notes_train.csv"))
    val_df = pd.read_csv(os.path.join(data_root, "notes_val.csv"))
    os.makedirs("./artifacts", exist_ok=True)
    vocab = local_vocab(train_df["text"], "./artifacts/vocab.json")
    n_classes = int(train_df["label"].max()) + 1
    train_loader = DataLoader(NotesDataset(train_df, vocab), batch_size=32, shuffle=True, collate_fn=collate)
    val_loader = DataLoader(NotesDataset(val_df, vocab), batch_size=64, collate_fn=collate)
    model = BagClassifier(n_classes)

    flare.init()
    while flare.is_running():
        model.load_state_dict(flare.receive().params)
        opt = torch.optim.AdamW(model.parameters(), lr=5e-3)
        model.train()
        for ids, offsets, y in train_loader:
            opt.zero_grad()
            nn.functional.cross_entropy(model(ids, offsets), y).backward()
            opt.step()
        model.eval()
        correct = total = 0
        with torch.no_grad():
            for ids, offsets, y in val_loader:
                correct += (model(ids, offsets).argmax(1) == y).sum().item()
                total += len(y)
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"accuracy": correct / max(total, 1)}))


if __name__ == "__main__":
    main()
