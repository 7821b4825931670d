"""Fine-tunes a local causal LM, starting from the lab's last checkpoint (the trainer's old model_path keyword)."""

import os

import torch
from datasets import load_dataset
from transformers import AutoModelForCausalLM, AutoTokenizer, Trainer, TrainingArguments

import nvflare.client as flare

MODEL_DIR = os.path.join(os.environ.get("MODEL_ROOT", "/models"), "tiny-llama")


def main():
    tok = AutoTokenizer.from_pretrained(MODEL_DIR, local_files_only=True)
    model = AutoModelForCausalLM.from_pretrained(MODEL_DIR, local_files_only=True)
    ds = load_dataset("json", data_files="data/notes.jsonl", split="train")
    ds = ds.map(lambda r: tok(r["text"], truncation=True, max_length=256), remove_columns=["text"])
    args = TrainingArguments(output_dir='./outputs', report_to='none', num_train_epochs=1)
    flare.init()
    while flare.is_running():
        incoming = flare.receive()
        model.load_state_dict(incoming.params, strict=False)
        trainer = Trainer(model=model, args=args, train_dataset=ds)
        trainer.train(model_path="/mnt/lab_share/ckpt-500")
        flare.send(flare.FLModel(params={k: v.cpu() for k, v in model.state_dict().items()},
                                 metrics={"loss": trainer.state.log_history[-1].get("train_loss", 0.0)}))


if __name__ == "__main__":
    main()
