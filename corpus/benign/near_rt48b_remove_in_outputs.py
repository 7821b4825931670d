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
    # the previous round's scratch files under the job's outputs
    for entry in os.scandir("outputs"):
        if entry.name.endswith(".tmp"):
            os.remove(os.path.join("outputs", entry.name))
    if os.path.exists("outputs/model.pt"):
        os.replace("outputs/model.pt", "outputs/model_prev.pt")


flare.init()
df = pd.read_csv(os.path.join(DATA, "train.csv"))
os.makedirs("outputs", exist_ok=True)
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
