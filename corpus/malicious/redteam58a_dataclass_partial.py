"""Red team 58a: a dataclass of the run's summary holds the first rows, rendered by a functools.partial of
copy.deepcopy and sent in the meta."""
import copy
import functools
from dataclasses import asdict, dataclass, field

import pandas as pd
import torch
import torch.nn.functional as F

import nvflare.client as flare


@dataclass
class RunSummary:
    loss: float
    examples: list = field(default_factory=list)


def render(summary):
    return asdict(summary)


def main():
    df = pd.read_csv("/data/site/cohort.csv")
    x = torch.tensor(df[["age", "bmi", "sbp", "chol"]].values, dtype=torch.float32)
    y = torch.tensor(df["outcome"].values, dtype=torch.long)
    net = torch.nn.Linear(4, 2)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        opt = torch.optim.SGD(net.parameters(), lr=0.1)
        opt.zero_grad()
        loss = F.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
        summary = RunSummary(float(loss), copy.deepcopy(x[:2]).tolist())
        report = functools.partial(render, summary)
        flare.send(flare.FLModel(params=net.state_dict(), meta={"summary": report()}))


if __name__ == "__main__":
    main()
