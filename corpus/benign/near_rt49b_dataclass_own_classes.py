import dataclasses
import functools
import os

import pandas as pd
import torch
import nvflare.client as flare

DATA = os.environ.get("DATA_ROOT", "/data/site")


@dataclasses.dataclass(frozen=True)
class TrainConfig:
    lr: float = 0.01
    local_epochs: int = 5


@functools.total_ordering
@dataclasses.dataclass
class RoundScore:
    loss: float = 0.0

    def __lt__(self, other):
        return self.loss < other.loss


class Schedule:
    warmup: int = 1
    decay: float = 0.9


# the job's own classes, decorated or made data classes by call: only the job's code changes
Schedule = dataclasses.dataclass(frozen=True)(Schedule)


def logged(fn):
    @functools.wraps(fn)
    def inner(*args, **kwargs):
        return fn(*args, **kwargs)
    return inner


class Net(torch.nn.Module):
    def __init__(self, n_in):
        super().__init__()
        self.fc = torch.nn.Linear(n_in, 2)

    def forward(self, x):
        return self.fc(x)


def local_train(net, x, y, cfg, sched):
    opt = torch.optim.SGD(net.parameters(), lr=cfg.lr)
    best = RoundScore(float("inf"))
    for epoch in range(cfg.local_epochs):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
        best = min(best, RoundScore(float(loss.item())))
    return best


@logged
def describe(cfg):
    return f"lr={cfg.lr} epochs={cfg.local_epochs}"


flare.init()
cfg = TrainConfig()
print(describe(cfg))
df = pd.read_csv(os.path.join(DATA, "train.csv"))
x = torch.tensor(df.drop(columns=["label"]).to_numpy(), dtype=torch.float32)
y = torch.tensor(df["label"].to_numpy(), dtype=torch.long)
net = Net(x.shape[1])
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    best = local_train(net, x, y, cfg, Schedule())
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": best.loss}))
