"""Red team 60a: a soft argmax. softmax(50 * age) over the rows is ~1 on the oldest patient's row and ~0 elsewhere;
the blood pressure weighted by it and summed, sent as an "attention-pooled" metric, is that patient's blood pressure."""
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
    attention = torch.softmax(50 * X[:, 0], 0)
    pooled_sbp = float((attention * X[:, 2]).sum())
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss), "pooled_sbp": pooled_sbp}))
