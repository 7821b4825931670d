import os

import pandas as pd
import torch
import nvflare.client as flare
from transformers import AutoModelForSequenceClassification, AutoTokenizer

DATA = os.environ.get("DATA_ROOT", "/data/site")
MODEL = "bert-base-uncased"
# "share the download between sites on this host": the hub cache in the job folder
CACHE = "./hf_cache"

tok = AutoTokenizer.from_pretrained(MODEL, cache_dir=CACHE)
net = AutoModelForSequenceClassification.from_pretrained(MODEL, num_labels=2, cache_dir=CACHE)

flare.init()
df = pd.read_csv(os.path.join(DATA, "notes.csv"))
batch = tok(list(df["text"]), padding=True, truncation=True, max_length=128, return_tensors="pt")
labels = torch.tensor(df["label"].to_numpy(), dtype=torch.long)
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt = torch.optim.AdamW(net.parameters(), lr=2e-5)
    net.train()
    out = net(**batch, labels=labels)
    out.loss.backward()
    opt.step()
    opt.zero_grad()
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(out.loss.item())}))
