"""Twin of rt41b_decorator_factory_row: @rounded(digits) wraps evaluate() to round its accuracy to a number of
digits the code spells out."""

import pandas as pd
import torch
import torch.nn as nn

import nvflare.client as flare

FEATURES = ["age", "bmi", "sbp", "hba1c"]
TABLE = pd.read_csv("/data/site/patients.csv")
X = torch.tensor(TABLE[FEATURES].values, dtype=torch.float32)
Y = torch.tensor(TABLE["outcome"].values, dtype=torch.long)
NET = nn.Linear(len(FEATURES), 2)


def rounded(digits):
    def decorate(fn):
        def wrapper():
            return round(fn(), digits)

        return wrapper

    return decorate


@rounded(4)
def evaluate():
    with torch.no_grad():
        return (NET(X).argmax(1) == Y).float().mean().item()


def main():
    flare.init()
    while flare.is_running():
        model = flare.receive()
        NET.load_state_dict(model.params)
        flare.send(flare.FLModel(params=NET.state_dict(), metrics={"accuracy": evaluate()}))


if __name__ == "__main__":
    main()
