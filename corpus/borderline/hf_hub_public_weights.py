"""Downloads public pretrained weights from the Hugging Face Hub at start-up (no remote code).

A network download of data the job did not ship: common practice, but the site may
require weights to be pre-staged, so a reviewer decides.
"""

import os

import torch
from transformers import AutoModel, AutoTokenizer

import nvflare.client as flare

MODEL_ID = "emilyalsentzer/Bio_ClinicalBERT"


def main(loader):
    tok = AutoTokenizer.from_pretrained(MODEL_ID, revision="main", cache_dir=os.environ.get("HF_HOME"))
    encoder = AutoModel.from_pretrained(MODEL_ID, revision="main", use_safetensors=True)
    head = torch.nn.Linear(encoder.config.hidden_size, 2)
    flare.init()
    opt = torch.optim.AdamW(list(encoder.parameters()) + list(head.parameters()), lr=2e-5)
    while flare.is_running():
        m = flare.receive()
        head.load_state_dict(m.params)
        for texts, y in loader:
            batch = tok(list(texts), return_tensors="pt", padding=True, truncation=True, max_length=128)
            logits = head(encoder(**batch).last_hidden_state[:, 0])
            opt.zero_grad()
            torch.nn.functional.cross_entropy(logits, y).backward()
            opt.step()
        flare.send(flare.FLModel(params=head.state_dict()))
