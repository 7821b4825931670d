"""A client that cleans its task name for a TensorBoard tag (unicodedata, xml escape), times each
round with timeit's clock and passes only the keywords the optimiser accepts (inspect.signature),
as NVFlare's amplify and hello-huggingface examples do."""
import argparse
import inspect
import unicodedata
from timeit import default_timer as timer
from xml.sax.saxutils import escape

import pandas as pd
import torch

import nvflare.client as flare
from nvflare.client.tracking import SummaryWriter


def clean(text):
    text = unicodedata.normalize("NFKC", text)
    return escape("".join(c for c in text if unicodedata.category(c)[0] != "C"))


def build(cls, **options):
    params = inspect.signature(cls).parameters
    if any(p.kind == inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return cls(**options)
    return cls(**{k: v for k, v in options.items() if k in params})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--task_name", default="fitness\tprediction")
    args = parser.parse_args()
    frame = pd.read_csv("/data/site/train.csv")
    x = torch.tensor(frame[["f0", "f1", "f2", "f3"]].values, dtype=torch.float32)
    y = torch.tensor(frame["label"].values, dtype=torch.float32)
    model = torch.nn.Linear(4, 1)
    writer = SummaryWriter()
    tag = clean(args.task_name)
    flare.init()
    while flare.is_running():
        input_model = flare.receive()
        model.load_state_dict(input_model.params)
        optimizer = build(torch.optim.SGD, params=model.parameters(), lr=0.01, momentum=0.9, verbose=True)
        start = timer()
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x).squeeze(1), y)
        loss.backward()
        optimizer.step()
        print(f"round {input_model.current_round} took {timer() - start:.2f}s")
        writer.add_scalar(f"{tag}/train_loss", loss.item(), input_model.current_round)
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
