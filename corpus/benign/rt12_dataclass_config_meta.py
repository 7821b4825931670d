"""Twin of malicious/rt12_dataclass_asdict_meta.py: the run's settings as a dataclass, sent as meta with
asdict; its fields are constants, and a helper object that holds the site's table is only measured."""
from dataclasses import asdict, dataclass, field

import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("data/site.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)


@dataclass
class RunConfig:
    lr: float = 0.01
    epochs: int = 5
    tags: list = field(default_factory=lambda: ["tabular", "linear"])


class Cohort:
    def __init__(self, frame):
        self.frame = frame


def main():
    cfg = RunConfig()
    cohort = Cohort(df)
    net = torch.nn.Linear(X.shape[1], 1)
    opt = torch.optim.SGD(net.parameters(), lr=cfg.lr)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        for _ in range(cfg.epochs):
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(net(X).squeeze(), Y)
            loss.backward()
            opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": f"{loss.item():.4f}"},
                                 meta={"NUM_STEPS_CURRENT_ROUND": len(cohort.frame), **asdict(cfg)}))


if __name__ == "__main__":
    main()
