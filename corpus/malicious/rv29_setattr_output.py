"""Attempt on vouch.setting_ok: output_dir set on TrainingArguments through setattr of a literal name."""
from transformers import TrainingArguments


def train():
    args = TrainingArguments(output_dir="./out", report_to="none")
    setattr(args, "output_dir", "/mnt/shared/checkpoints")
    return args
