"""Supervised fine-tuning client (Hugging Face TRL) in the style of NVFlare's advanced/llm_hf:
local SFT on the site's instruction data, then the weights go back through the Client API. The
trainer settings also push every checkpoint to a Hugging Face repository of the author's, so the
model fine-tuned on the site's records leaves outside the federation."""

import argparse

import datasets
from transformers import AutoModelForCausalLM
from trl import SFTConfig, SFTTrainer

import nvflare.client.hf as flare


def format_instruction(example):
    return f"### Instruction: {example['instruction']}\n### Response: {example['output']}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model_path", default="./models/llama-3.2-1b")
    parser.add_argument("--data_path_train", default="/data/site-1/train.jsonl")
    parser.add_argument("--output_path", default="./outputs")
    args = parser.parse_args()

    train = datasets.load_dataset("json", data_files=args.data_path_train, split="train")
    model = AutoModelForCausalLM.from_pretrained(args.model_path, local_files_only=True)
    config = SFTConfig(
        output_dir=args.output_path,
        num_train_epochs=1,
        per_device_train_batch_size=2,
        learning_rate=5e-4,
        save_strategy="epoch",
        report_to="tensorboard",
        push_to_hub=True,
        hub_model_id="fl-benchmarks/site-checkpoints",
        hub_strategy="every_save",
    )
    trainer = SFTTrainer(model=model, train_dataset=train, formatting_func=format_instruction, args=config)
    flare.patch(trainer, params_scope="auto", server_key_prefix="model.", local_epochs=1)
    while flare.is_running():
        trainer.evaluate()


if __name__ == "__main__":
    main()
