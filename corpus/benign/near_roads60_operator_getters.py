"""Twin of red team 60's bound operator getters: `operator.methodcaller("item")` and `operator.attrgetter("weight")`
bound to names and called later on tensors and layers (a loss as a float, a layer's weight norm as a metric)."""
import operator

import pandas as pd
import torch
import nvflare.client as flare

AS_FLOAT = operator.methodcaller("item")
WEIGHT = operator.attrgetter("weight")

flare.init()
df = pd.read_csv("/data/site/patients.csv")
X = torch.tensor(df[["age", "bmi", "sbp", "chol"]].values, dtype=torch.float32)
y = torch.tensor(df["outcome"].values, dtype=torch.long)
net = torch.nn.Linear(4, 2)

while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
    opt.zero_grad()
    loss = torch.nn.functional.cross_entropy(net(X), y)
    loss.backward()
    opt.step()
    metrics = {"loss": AS_FLOAT(loss), "weight_norm": AS_FLOAT(WEIGHT(net).norm())}
    flare.send(flare.FLModel(params=net.state_dict(), metrics=metrics))
