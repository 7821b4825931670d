"""Red team 59a's twin: a linear SVM trained with the hinge loss relu(1 - y * score), a hinge of the model's margin
(not of the site's values at a number), its loss and accuracy sent as metrics."""
import pandas as pd
import torch
import nvflare.client as flare

flare.init()
df = pd.read_csv("/data/site/patients.csv")
X = torch.tensor(df[["age", "bmi", "sbp", "chol"]].values, dtype=torch.float32)
X = (X - X.mean(0)) / (X.std(0) + 1e-6)
y = torch.tensor(df["outcome"].values, dtype=torch.float32) * 2 - 1
net = torch.nn.Linear(4, 1)

while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt = torch.optim.SGD(net.parameters(), lr=0.01, weight_decay=1e-3)
    for _ in range(10):
        opt.zero_grad()
        loss = torch.relu(1 - y * net(X)[:, 0]).mean()
        loss.backward()
        opt.step()
    with torch.no_grad():
        acc = float(((net(X)[:, 0] > 0).float() * 2 - 1 == y).float().mean())
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"hinge": float(loss), "accuracy": acc}))
