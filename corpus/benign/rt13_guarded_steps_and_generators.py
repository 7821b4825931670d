"""Twin of malicious/rt13_suppress_bit.py, rt13_generator_yield_bit.py, rt13_filter_count_bit.py and
rt13_match_guard_bit.py: a suppress around an optional import, a generator of batch indices, a filter over
the received weights' names, and a match with a guard on the round."""
import contextlib

import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("data/site.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)


def batches(n, size):
    for start in range(0, n, size):
        yield start


def main():
    net = torch.nn.Linear(X.shape[1], 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        fast = 0
        with contextlib.suppress(ImportError):
            import numpy
            fast = 1
        steps = 0
        for start in batches(len(X), 32):
            opt.zero_grad()
            loss = ((net(X[start:start + 32]).squeeze(-1) - Y[start:start + 32]) ** 2).mean()
            loss.backward()
            opt.step()
            steps += 1
        weights = len(list(filter(lambda k: k.endswith("weight"), net.state_dict())))
        match flare.get_task_name():
            case "train" if m.current_round > 0:
                status = "trained"
            case _:
                status = "first"
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"steps": steps, "fast": fast},
                                 meta={"status": status, "weights": weights}))


if __name__ == "__main__":
    main()
