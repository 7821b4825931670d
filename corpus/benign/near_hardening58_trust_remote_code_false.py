"""Fine-tune a BERT classifier from local weights; trust_remote_code is False in every branch.
"""

import os

import pandas as pd
import torch
from torch.utils.data import DataLoader
from transformers import AutoModelForSequenceClassification, AutoTokenizer

import nvflare.client as flare

MODEL_DIR = os.path.join(os.environ.get("MODEL_ROOT", "/models"), "bert-base-uncased")
MODEL_ID = MODEL_DIR
REMOTE = False
if os.environ.get("FL_OFFLINE"):
    MODEL_ID, REMOTE = MODEL_DIR, False


def make_loader(tokenizer, path, batch_size=16, shuffle=True):
    df = pd.read_csv(path)
    enc = tokenizer(df["text"].tolist(), truncation=True, padding="max_length", max_length=128, return_tensors="pt")
    ds = torch.utils.data.TensorDataset(enc["input_ids"], enc["attention_mask"], torch.tensor(df["label"].values))
    return DataLoader(ds, batch_size=batch_size, shuffle=shuffle)


def post_process(logits):
    return logits.argmax(dim=-1)


def main():
    tokenizer = AutoTokenizer.from_pretrained(MODEL_DIR, local_files_only=True)
    model = AutoModelForSequenceClassification.from_pretrained(MODEL_ID, num_labels=2, local_files_only=True, trust_remote_code=REMOTE)
    data_root = os.environ.get("DATA_ROOT", "/data")
    train_loader = make_loader(tokenizer, os.path.join(data_root, "train.csv"))
    val_loader = make_loader(tokenizer, os.path.join(data_root, "val.csv"), shuffle=False)
    device = "cuda" if torch.cuda.is_available() else "cpu"

    flare.init()
    while flare.is_running():
        in_model = flare.receive()
        model.load_state_dict(in_model.params, strict=False)
        model.to(device).train()
        opt = torch.optim.AdamW(model.parameters(), lr=2e-5)
        for ids, mask, y in train_loader:
            out = model(input_ids=ids.to(device), attention_mask=mask.to(device), labels=y.to(device))
            out.loss.backward()
            opt.step()
            opt.zero_grad()
        model.eval()
        correct = total = 0
        with torch.no_grad():
            for ids, mask, y in val_loader:
                pred = post_process(model(input_ids=ids.to(device), attention_mask=mask.to(device)).logits)
                correct += (pred.cpu() == y).sum().item()
                total += len(y)
        flare.send(flare.FLModel(params={k: v.cpu() for k, v in model.state_dict().items()},
                                 metrics={"accuracy": correct / max(total, 1)}))


if __name__ == "__main__":
    main()
