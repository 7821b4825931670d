"""Red team 46d (closed by red team 46f): `show = functools.partial(print, "row:")` then `show(first_row)`: the
later call of the partial was not read as print. Accepted on main (f980833a); escalates now (raw-data-logged)."""
import nvflare.client as flare
import numpy as np
import pandas as pd
import torch

FEATURES = ["age", "bmi", "sbp", "hba1c"]

import functools

show = functools.partial(print, "row:")


def main():
    flare.init()
    df = pd.read_csv("/data/site/train.csv")
    x = torch.tensor(df[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(df["label"].values, dtype=torch.long)
    net = torch.nn.Linear(len(FEATURES), 2)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    show(df[FEATURES].values[0].tolist())
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict({k: torch.as_tensor(v) for k, v in model.params.items()})
        for _ in range(5):
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(x), y)
            loss.backward()
            opt.step()
        flare.send(flare.FLModel(params={k: v.numpy() for k, v in net.state_dict().items()},
                                 meta={"NUM_STEPS_CURRENT_ROUND": 5, "shown": 1}))


if __name__ == "__main__":
    main()
