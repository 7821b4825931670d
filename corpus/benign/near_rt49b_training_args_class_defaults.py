import dataclasses
import os

import numpy as np
import torch
import nvflare.client as flare
from datasets import Dataset
from transformers import AutoModelForSequenceClassification, Trainer, TrainingArguments

DATA = os.environ.get("DATA_ROOT", "/data/site")
MODEL_DIR = "./pretrained/bert-tiny"


@dataclasses.dataclass
class SiteTrainingArguments(TrainingArguments):
    # the site's settings as field defaults: every instance gets them from the generated __init__ (no reporting, no
    # compile)
    num_train_epochs: float = 1.0
    per_device_train_batch_size: int = 16
    report_to: str = "none"
    torch_compile: bool = False


def load_split():
    rows = np.load(os.path.join(DATA, "tokens.npz"))
    return Dataset.from_dict({"input_ids": rows["input_ids"].tolist(), "attention_mask": rows["attention_mask"].tolist(),
                              "labels": rows["labels"].tolist()})


flare.init()
train = load_split()
model = AutoModelForSequenceClassification.from_pretrained(MODEL_DIR, num_labels=2)
args = SiteTrainingArguments(output_dir="outputs")
while flare.is_running():
    received = flare.receive()
    model.load_state_dict(received.params)
    trainer = Trainer(model=model, args=args, train_dataset=train)
    result = trainer.train()
    flare.send(flare.FLModel(params={k: v.cpu() for k, v in model.state_dict().items()},
                             metrics={"loss": float(result.training_loss)}))
