"""Twin of the redteam55b implicit-call, scandir and spread samples: the same roads (a subscript of the job's class, a singledispatch registration, scandir entries kept by sorted, list and next, **{**base, ...}, **dict(...), dict.fromkeys, dict(zip)) over the job's outputs folder."""

import argparse
import os

import pandas as pd
import torch
import nvflare.client as flare
import functools
import shutil

class Scratch:
    """Scratch folders by name: `Scratch["./outputs/tmp"]` empties one."""

    def __class_getitem__(cls, folder):
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder, exist_ok=True)
        return cls

    def __getitem__(self, folder):
        shutil.rmtree(folder, ignore_errors=True)
        return self


@functools.singledispatch
def clear(x):
    return x


@clear.register
def _(x: str):
    shutil.rmtree(x, ignore_errors=True)


def checkpoint(state, dest="./outputs/last.pt", **options):
    torch.save(state, dest)

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=2)
    args, _ = parser.parse_known_args()
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.csv"))
    x = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
    y = torch.tensor(df["y"].values, dtype=torch.float32)
    model = torch.nn.Linear(x.shape[1], 1)
    flare.init()
    while flare.is_running():
        received = flare.receive()
        model.load_state_dict(received.params)
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        for _ in range(args.epochs):
            opt.zero_grad()
            loss = torch.nn.functional.binary_cross_entropy_with_logits(model(x).squeeze(1), y)
            loss.backward()
            opt.step()
        os.makedirs("./outputs/tmp", exist_ok=True)
        Scratch["./outputs/tmp"]
        Scratch()["./outputs/tmp"]
        clear("./outputs/old")
        for e in sorted(os.scandir("./outputs/tmp"), key=lambda e: e.name):
            os.remove(e.path)
        entries = list(os.scandir("./outputs/tmp"))
        for i in range(len(entries)):
            os.remove(entries[i].path)
        it = os.scandir("./outputs/tmp")
        first = next(it, None)
        if first is not None:
            os.remove(first)
        base = {"state": model.state_dict()}
        checkpoint(**{**base, "dest": "./outputs/site_model.pt"})
        checkpoint(model.state_dict(), **dict(dest="./outputs/site_model.pt"))
        checkpoint(model.state_dict(), **dict.fromkeys(["dest"], "./outputs/site_model.pt"))
        checkpoint(model.state_dict(), **dict(zip(["dest"], ["./outputs/site_model.pt"])))
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
