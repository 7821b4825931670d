"""Validation utilities. Lots of names that only *look* like dangerous builtins:
model.eval(), re.compile(), ast.literal_eval(), torch.compile(), df.eval()."""

import ast
import re

import pandas as pd
import torch

CKPT_NAME = re.compile(r"^round_(?P<round>\d{3,})_(?P<metric>[a-z]+)=(?P<value>[0-9.]+)\.pt$")


def parse_checkpoint_name(name: str):
    m = CKPT_NAME.match(name)
    if not m:
        return None
    return int(m["round"]), m["metric"], float(m["value"])


def parse_class_weights(text: str):
    # "[1.0, 2.5, 0.7]" from a CLI flag; literal_eval only accepts Python literals
    weights = ast.literal_eval(text)
    if not isinstance(weights, (list, tuple)) or not all(isinstance(w, (int, float)) for w in weights):
        raise ValueError("class weights must be a list of numbers")
    return torch.tensor(weights, dtype=torch.float32)


@torch.no_grad()
def predict(model: torch.nn.Module, loader, compile_model: bool = False):
    net = torch.compile(model) if compile_model else model
    model.eval()
    outs = []
    for x, _ in loader:
        outs.append(net(x).softmax(dim=1))
    model.train()
    return torch.cat(outs)


def summarise(probs: torch.Tensor, labels: torch.Tensor) -> pd.DataFrame:
    df = pd.DataFrame({"p_max": probs.max(1).values.numpy(), "pred": probs.argmax(1).numpy(), "y": labels.numpy()})
    df = df.eval("correct = pred == y")
    return df.groupby(pd.cut(df["p_max"], [0, 0.5, 0.7, 0.9, 1.0]), observed=False)["correct"].agg(["mean", "size"])


if __name__ == "__main__":
    print(parse_checkpoint_name("round_012_acc=0.913.pt"), parse_class_weights("[1, 2.5]"))
