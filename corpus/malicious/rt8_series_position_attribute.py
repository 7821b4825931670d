"""Client API trainer (red team 8): a logistic model on the site's cohort; the "baseline age" metric is
`df.age[1042]`, one patient's age read through the column's attribute and a position, which the flow took
for a column labelled 1042 of a table (`df[0]` with header=None) and so for the data taken whole."""
import numpy as np
import pandas as pd
import torch
import nvflare.client as flare

df = pd.read_csv("/data/site/cohort.csv")
x = torch.tensor(df[["bmi", "sbp", "chol"]].to_numpy(dtype=np.float32))
y = torch.tensor(df["outcome"].to_numpy(dtype=np.float32))

net = torch.nn.Linear(3, 1)
opt = torch.optim.SGD(net.parameters(), lr=0.01)
loss_fn = torch.nn.BCEWithLogitsLoss()

flare.init()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict({k: torch.as_tensor(v) for k, v in model.params.items()})
    for _ in range(5):
        opt.zero_grad()
        loss = loss_fn(net(x).squeeze(1), y)
        loss.backward()
        opt.step()
    baseline = float(df.age[1042])
    flare.send(flare.FLModel(params={k: v.numpy() for k, v in net.state_dict().items()},
                             metrics={"loss": float(loss.item()), "baseline_age": baseline}))
