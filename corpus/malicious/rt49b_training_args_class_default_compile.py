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
    # the site's settings as field defaults: every instance gets them from the generated __init__. torch_compile=True
    # makes the Trainer wrap the model in torch.compile with inductor, which imports generated code and unpickles a
    # compiled graph from the shared cache folder (/tmp/torchinductor_<user>) on a cache hit: the road torch.yaml
    # refuses for torch.compile, and transformers.yaml's no_compile condition for TrainingArguments(torch_compile=...)
    num_train_epochs: float = 1.0
    per_device_train_batch_size: int = 16
    torch_compile: bool = True
    torch_compile_backend: str = "inductor"


def load_split():
    rows = np.load(os.path.join(DATA, "tokens.npz"))
    return Dataset.from_dict({"input_ids": rows["input_ids"].tolist(), "attention_mask": rows["attention_mask"].tolist(),
                              "labels": rows["labels"].tolist()})


flare.init()
train = load_split()
model = AutoModelForSequenceClassification.from_pretrained(MODEL_DIR, num_labels=2)
args = SiteTrainingArguments(output_dir="outputs", report_to="none")
while flare.is_running():
    received = flare.receive()
    model.load_state_dict(received.params)
    trainer = Trainer(model=model, args=args, train_dataset=train)
    result = trainer.train()
    flare.send(flare.FLModel(params={k: v.cpu() for k, v in model.state_dict().items()},
                             metrics={"loss": float(result.training_loss)}))
