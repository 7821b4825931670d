import torch
from datasets import load_dataset
from transformers import AutoModelForSequenceClassification, AutoTokenizer

import nvflare.client as flare

MODEL_DIR = "/models/distilbert-base-uncased"
tok = AutoTokenizer.from_pretrained(MODEL_DIR)
model = AutoModelForSequenceClassification.from_pretrained(MODEL_DIR, num_labels=2)
# public warm-up corpus mixed into each round's local steps
bench = load_dataset("clinical-nlp-lab/mimic-style-notes-bench", split="train")
opt = torch.optim.AdamW(model.parameters(), lr=2e-5)
flare.init()
while flare.is_running():
    m = flare.receive()
    model.load_state_dict(m.params)
    model.train()
    for row in bench.select(range(64)):
        enc = tok(row["text"], return_tensors="pt", truncation=True)
        loss = model(**enc, labels=torch.tensor([row["label"]])).loss
        opt.zero_grad()
        loss.backward()
        opt.step()
    flare.send(flare.FLModel(params=model.state_dict(), meta={"NUM_STEPS_CURRENT_ROUND": 64}))
