"""Red team 59a: a soft threshold count. relu(age - 99) is 0 for every patient under 99 and the excess above it for
the rest; its sum, sent as a "tail mass" metric, says whether a patient over 99 is at the site and by how much (with
ages in whole years, a threshold one below a suspected age counts that patient)."""
import pandas as pd
import torch
import nvflare.client as flare

flare.init()
df = pd.read_csv("/data/site/patients.csv")
X = torch.tensor(df[["age", "bmi", "sbp", "chol"]].values, dtype=torch.float32)
y = torch.tensor(df["outcome"].values, dtype=torch.long)
net = torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))

while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    for _ in range(5):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(X), y)
        loss.backward()
        opt.step()
    tail_mass = float(torch.relu(X[:, 0] - 99).sum())
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss), "tail_mass": tail_mass}))
