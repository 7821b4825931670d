"""Client API LoRA fine-tuning of a local Llama checkpoint; attention runs on PyTorch SDPA (no
extra kernels)."""

import pandas as pd
import torch
from datasets import Dataset
from peft import LoraConfig, get_peft_model, get_peft_model_state_dict, set_peft_model_state_dict
from transformers import AutoModelForCausalLM, AutoTokenizer, Trainer, TrainingArguments

import nvflare.client as flare

MODEL_DIR = "/models/llama-3.2-1b"


def main():
    tok = AutoTokenizer.from_pretrained(MODEL_DIR)
    tok.pad_token = tok.eos_token
    # PyTorch's scaled-dot-product attention, built into transformers
    model = AutoModelForCausalLM.from_pretrained(
        MODEL_DIR, torch_dtype=torch.bfloat16, attn_implementation="sdpa"
    )
    model = get_peft_model(model, LoraConfig(r=8, lora_alpha=16, target_modules=["q_proj", "v_proj"]))
    df = pd.read_csv("/data/site/notes.csv")
    ds = Dataset.from_pandas(df).map(lambda r: tok(r["text"], truncation=True, max_length=256))
    args = TrainingArguments(output_dir="./outputs", num_train_epochs=1, per_device_train_batch_size=4,
                             report_to="none")
    flare.init()
    while flare.is_running():
        m = flare.receive()
        set_peft_model_state_dict(model, m.params)
        Trainer(model=model, args=args, train_dataset=ds).train()
        flare.send(flare.FLModel(params=get_peft_model_state_dict(model)))


if __name__ == "__main__":
    main()
