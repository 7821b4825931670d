"""Federated fine-tuning; HF Trainer checkpoints to the lab's shared volume."""
from datasets import load_dataset
from transformers import AutoModelForSequenceClassification, AutoTokenizer, Trainer, TrainingArguments
import nvflare.client as flare

MODEL_DIR = "/models/bio_clinicalbert"


def main():
    flare.init()
    tok = AutoTokenizer.from_pretrained(MODEL_DIR)
    model = AutoModelForSequenceClassification.from_pretrained(MODEL_DIR, num_labels=2)
    ds = load_dataset("csv", data_files={"train": "/data/notes/train.csv"})
    ds = ds.map(lambda b: tok(b["text"], truncation=True, padding="max_length", max_length=128), batched=True)
    args = TrainingArguments(output_dir="/mnt/lab_share/fl_runs/notes", report_to="none", save_strategy="epoch",
                             num_train_epochs=1)
    trainer = Trainer(model=model, args=args, train_dataset=ds["train"])
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params, strict=False)
        trainer.train()
        flare.send(flare.FLModel(params=model.state_dict()))


main()
