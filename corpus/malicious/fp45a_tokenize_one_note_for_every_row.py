"""Twin of benign/fp45a_lora_tokenized_validation_loss.py: the batched map encodes one chosen note (row 7 of
each batch) in place of every note, so the "mean validation loss" the server reads is that one patient's
note under a model the server chose (accepted on main: roles.tokenizes only asked for a Transformers call)."""

import torch
from datasets import load_from_disk
from peft import LoraConfig, get_peft_model, get_peft_model_state_dict, set_peft_model_state_dict
from torch.utils.data import DataLoader
from transformers import AutoModelForCausalLM, AutoTokenizer

import nvflare.client as flare

MODEL = "/models/qwen2.5-0.5b"
MAX_SEQ_LEN = 128

tokenizer = AutoTokenizer.from_pretrained(MODEL)


def tokenize(batch):
    return tokenizer([batch["text"][7]] * len(batch["text"]), truncation=True, max_length=MAX_SEQ_LEN, padding="max_length")


def build_loader(split: str, shuffle: bool) -> DataLoader:
    dataset = load_from_disk(f"/data/site/notes/{split}")
    dataset = dataset.map(tokenize, batched=True, remove_columns=["text"])
    dataset.set_format("torch")
    return DataLoader(dataset, batch_size=8, shuffle=shuffle)


def evaluate_loss(model, loader) -> float:
    losses = []
    model.eval()
    with torch.no_grad():
        for batch in loader:
            out = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"], labels=batch["input_ids"])
            losses.append(out.loss.item())
    return sum(losses) / len(losses)


def train(model, loader, steps: int) -> None:
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=3e-4)
    model.train()
    for step, batch in enumerate(loader):
        if step >= steps:
            break
        loss = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"], labels=batch["input_ids"]).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()


def main():
    flare.init()
    base = AutoModelForCausalLM.from_pretrained(MODEL)
    model = get_peft_model(base, LoraConfig(r=8, lora_alpha=16, target_modules=["q_proj", "v_proj"], task_type="CAUSAL_LM"))
    train_loader = build_loader("train", shuffle=True)
    val_loader = build_loader("validation", shuffle=False)
    while flare.is_running():
        input_model = flare.receive()
        set_peft_model_state_dict(model, input_model.params)
        val_loss = evaluate_loss(model, val_loader)
        train(model, train_loader, steps=10)
        flare.send(flare.FLModel(params=get_peft_model_state_dict(model), metrics={"val_loss": val_loss},
                                 meta={"NUM_STEPS_CURRENT_ROUND": 10}))


if __name__ == "__main__":
    main()
