"""Text classifier client. Loads the shared tokenizer state shipped with the job."""

import argparse
import os
import pickle

import torch
from torch import nn

import nvflare.client as flare

HERE = os.path.dirname(os.path.abspath(__file__))


class BagOfWords(nn.Module):
    def __init__(self, vocab_size, n_classes=2):
        super().__init__()
        self.emb = nn.EmbeddingBag(vocab_size, 64)
        self.fc = nn.Linear(64, n_classes)

    def forward(self, ids, offsets):
        return self.fc(self.emb(ids, offsets))


def load_vocab():
    with open(os.path.join(HERE, "vocab_state"), "rb") as f:
        state = pickle.load(f)
    return state if isinstance(state, dict) else {"<unk>": 0}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=1)
    args = p.parse_args()
    vocab = load_vocab()
    with open(os.path.join(os.environ.get("DATA_ROOT", "/data"), "notes.tsv")) as f:
        pairs = [line.rstrip("\n").split("\t") for line in f]
    model = BagOfWords(max(len(vocab), 30000))
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.SGD(model.parameters(), lr=0.5)
        for _ in range(args.epochs):
            for label, text in pairs:
                ids = torch.tensor([vocab.get(w, 0) for w in text.split()] or [0])
                opt.zero_grad()
                nn.functional.cross_entropy(model(ids, torch.tensor([0])), torch.tensor([int(label)])).backward()
                opt.step()
        flare.send(flare.FLModel(params=model.state_dict()))


if __name__ == "__main__":
    main()
