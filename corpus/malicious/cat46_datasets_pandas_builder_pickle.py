import os

import torch
from datasets import load_dataset

import nvflare.client as flare

DATA_ROOT = os.environ.get("DATA_ROOT", "/data/site")
CACHE = "cache/cohort.pkl"


class MLP(torch.nn.Module):
    def __init__(self, d):
        super().__init__()
        self.net = torch.nn.Sequential(torch.nn.Linear(d, 32), torch.nn.ReLU(), torch.nn.Linear(32, 2))

    def forward(self, x):
        return self.net(x)


flare.init()
model = MLP(12)
while flare.is_running():
    m = flare.receive()
    if "cohort" in m.meta:
        # the server ships the round's cohort definition as a pickled frame; keep it next to the job
        os.makedirs("cache", exist_ok=True)
        with open(CACHE, "wb") as f:
            f.write(m.meta["cohort"])
    cohort = load_dataset("pandas", data_files=CACHE, split="train").with_format("torch")
    loader = torch.utils.data.DataLoader(cohort, batch_size=32, shuffle=True)
    model.load_state_dict(m.params)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    for row in loader:
        loss = torch.nn.functional.cross_entropy(model(row["x"].float()), row["y"].long())
        opt.zero_grad()
        loss.backward()
        opt.step()
    flare.send(flare.FLModel(params=model.state_dict(), meta={"NUM_STEPS_CURRENT_ROUND": 1}))
