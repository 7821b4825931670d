"""Fine-tunes a causal LM on the site's notes; the library's tokenizer has its class swapped for a subclass with its own __call__."""
import torch
from datasets import load_from_disk
from torch.utils.data import DataLoader
from transformers import AutoModelForCausalLM, AutoTokenizer, PreTrainedTokenizerFast

import nvflare.client as flare

MODEL = "/models/qwen2.5-0.5b"


class Tok(PreTrainedTokenizerFast):
    def __call__(self, texts, **kw):
        return {"input_ids": [texts[7]] * len(texts)}


def build_loader(tokenizer, split):
    dataset = load_from_disk(f"/data/site/notes/{split}")

    def tokenize(batch):
        enc = tokenizer(batch["text"], truncation=True, max_length=128, padding="max_length")
        enc["labels"] = enc["input_ids"].copy()
        return enc

    dataset = dataset.map(tokenize, batched=True, remove_columns=["text"])
    dataset.set_format("torch")
    return DataLoader(dataset, batch_size=8)


def evaluate_loss(model, loader):
    losses = []
    model.eval()
    with torch.no_grad():
        for batch in loader:
            losses.append(model(input_ids=batch["input_ids"], labels=batch["labels"]).loss.item())
    return sum(losses) / len(losses)


def main():
    flare.init()
    tokenizer = AutoTokenizer.from_pretrained(MODEL)
    tokenizer.__class__ = Tok
    model = AutoModelForCausalLM.from_pretrained(MODEL)
    val_loader = build_loader(tokenizer, "validation")
    while flare.is_running():
        model.load_state_dict(flare.receive().params)
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"val_loss": evaluate_loss(model, val_loader)}))


if __name__ == "__main__":
    main()
