"""LLM fine-tuning client that loads a Hub model with trust_remote_code=True (runs the repo's Python)."""

import os

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

import nvflare.client as flare

MODEL_ID = "clinical-nlp-community/medllama-3b-ext"


def main():
    tok = AutoTokenizer.from_pretrained(MODEL_ID, trust_remote_code=True)
    model = AutoModelForCausalLM.from_pretrained(MODEL_ID, trust_remote_code=True, torch_dtype=torch.bfloat16)
    with open(os.path.join(os.environ.get("DATA_ROOT", "/data"), "notes.txt")) as f:
        texts = [line.strip() for line in f if line.strip()][:2000]
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params, strict=False)
        opt = torch.optim.AdamW(model.parameters(), lr=1e-5)
        for t in texts[:64]:
            batch = tok(t, return_tensors="pt", truncation=True, max_length=256)
            out = model(**batch, labels=batch["input_ids"])
            out.loss.backward()
            opt.step()
            opt.zero_grad()
        flare.send(flare.FLModel(params={k: v for k, v in model.state_dict().items() if "lora" in k}))


if __name__ == "__main__":
    main()
