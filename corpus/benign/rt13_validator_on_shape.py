"""Twin of malicious/rt13_validator_raises_bit.py: the validator raises on the table's shape and missing
values (the data taken whole), and the client reports whether it validated."""
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("data/site.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)


class DataError(Exception):
    pass


def validate(min_rows):
    if len(df) < min_rows or df.isnull().values.any():
        raise DataError("not enough rows or missing values")
    assert X.shape[1] > 0, "no features"


def main():
    net = torch.nn.Linear(X.shape[1], 1)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        try:
            validate(m.meta.get("min_rows", 10))
            status = "valid"
        except DataError:
            status = "invalid"
        flare.send(flare.FLModel(params=net.state_dict(), meta={"data_status": status}))


if __name__ == "__main__":
    main()
